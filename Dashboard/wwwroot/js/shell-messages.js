// The page's messages (docs/pages.md): the error banner and the toasts of Pages/Shared/_StatusBar.cshtml.
// page-shell.js re-exports everything here.

const TOAST_MS = { info: 5000, warning: 8000, critical: 15000 };

/** Writes only when the text changes, so aria-live regions announce real changes and nothing else. */
export function setText(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

const banner = () => document.querySelector('[data-testid="page-error"]');

let bannerTimer;
let errorsShown = 0;
/** How many errors the banner has shown: a refresh clears the banner only if none was shown while it ran. */
export const errorCount = () => errorsShown;

/** Shows `text` in the page's error banner (role=alert); with timeoutMs it hides itself after that long. */
export function showError(text, { timeoutMs } = {}) {
  errorsShown++;
  const el = banner();
  if (!el) return;
  setText(el, text);
  el.hidden = false;
  clearTimeout(bannerTimer);
  if (timeoutMs) bannerTimer = setTimeout(clearError, timeoutMs);
}

/** Hides the error banner. */
export function clearError() {
  clearTimeout(bannerTimer);
  const el = banner();
  if (el && !el.hidden) { el.hidden = true; el.textContent = ''; }
}

/**
 * Shows a notification in the toast region (aria-live=polite). level: 'info' | 'warning' | 'critical'. It goes away
 * by itself (critical ones stay longer) or with its Dismiss button. Returns the toast element.
 */
export function toast(text, level = 'info', { timeoutMs } = {}) {
  const region = document.querySelector('[data-testid="toasts"]');
  if (!region) return null;
  const item = document.createElement('div');
  item.className = 'toast';
  item.dataset.level = TOAST_MS[level] ? level : 'info';
  item.dataset.testid = 'toast';
  const message = document.createElement('p');
  message.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'toast-close';
  close.setAttribute('aria-label', 'Dismiss notification');
  close.innerHTML = '<span aria-hidden="true">×</span>';
  const remove = () => { clearTimeout(timer); item.remove(); };
  close.addEventListener('click', remove);
  item.append(message, close);
  region.append(item);
  // Keep the region short: the oldest go first.
  while (region.children.length > 4) region.firstElementChild.remove();
  const timer = setTimeout(remove, timeoutMs ?? TOAST_MS[item.dataset.level]);
  return item;
}
