// Theme (light / dark / system). A classic blocking script loaded in <head> so data-theme is set before first paint
// (no flash of the wrong theme). The choice is kept in localStorage; "system" follows prefers-color-scheme live.
// Fires a 'themechange' event on document whenever the resolved theme may have changed (charts.js restyles on it).
(function () {
  'use strict';
  var KEY = 'dashboard-theme';
  var root = document.documentElement;
  var media = window.matchMedia('(prefers-color-scheme: dark)');

  function choice() {
    try {
      var v = window.localStorage.getItem(KEY);
      return v === 'light' || v === 'dark' ? v : 'system';
    } catch (e) {
      return 'system';  // storage blocked (privacy mode): follow the system
    }
  }

  function apply() {
    var c = choice();
    var theme = c === 'system' ? (media.matches ? 'dark' : 'light') : c;
    root.setAttribute('data-theme', theme);
    root.setAttribute('data-theme-choice', c);
    var select = document.getElementById('theme-select');
    if (select && select.value !== c) select.value = c;
    document.dispatchEvent(new CustomEvent('themechange', { detail: { theme: theme, choice: c } }));
  }

  function choose(value) {
    try {
      if (value === 'light' || value === 'dark') window.localStorage.setItem(KEY, value);
      else window.localStorage.removeItem(KEY);
    } catch (e) { /* not persisted; still applied for this page */ }
    apply();
  }

  apply();
  media.addEventListener('change', function () { if (choice() === 'system') apply(); });
  // Another tab changed the theme.
  window.addEventListener('storage', function (e) { if (e.key === KEY || e.key === null) apply(); });
  document.addEventListener('DOMContentLoaded', function () {
    var select = document.getElementById('theme-select');
    if (!select) return;
    select.value = choice();
    select.addEventListener('change', function () { choose(select.value); });
  });
  window.dashboardTheme = { choice: choice, choose: choose };
})();
