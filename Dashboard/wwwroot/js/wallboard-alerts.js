// The Wallboard's firing alerts (Pages/Wallboard.cshtml, docs/pages.md "Wallboard"): a banner above the rotation listing
// every alert with a notified level, critical first, in a fixed pool of lines (the rest counted), so a board left on
// all day never grows. Critical and warning differ by word, icon and border, not by colour alone. The states come
// from GET /api/v1/alerts (at start and with every refresh of the board) and live from `alert_state` messages.
import { fetchJson, format, setText } from './page-shell.js';
import { AlertBook, labelsText } from './alert-book.js';
import { valueText } from './kpi-view.js';

const LEVEL_TEXT = { critical: 'Critical', warning: 'Warning' };

/**
 * Wires the banner. Returns {onMessage(message), refresh(): Promise, tick(nowMs)} for wallboard.js: the lines are drawn
 * again only when the book changes; tick rewrites just the "for …" of the lines shown (each keeps its since in
 * data-since).
 */
export function startWallboardAlerts() {
  const banner = document.querySelector('[data-testid="wb-alerts"]');
  const lines = [...banner.querySelectorAll('[data-testid="wb-alert"]')];
  const count = banner.querySelector('[data-testid="wb-alerts-count"]');
  const more = banner.querySelector('[data-testid="wb-alerts-more"]');
  const book = new AlertBook();

  const drawSince = (li, now) => setText(li.querySelector('[data-field="since"]'), `for ${format.ago(li.dataset.since, now)}`);

  function draw(now = Date.now()) {
    const firing = book.firing();
    const show = firing.length > 0;
    if (banner.hidden === show) banner.hidden = !show;
    banner.dataset.level = firing[0]?.level ?? 'none';
    const critical = firing.filter(a => a.level === 'critical').length;
    setText(count, show ? `(${[critical && `${critical} critical`, firing.length - critical && `${firing.length - critical} warning`].filter(Boolean).join(', ')})` : '');
    lines.forEach((li, i) => {
      const a = firing[i];
      if (li.hidden !== !a) li.hidden = !a;
      if (!a) return;
      li.dataset.level = a.level;
      li.dataset.alertId = String(a.id);
      setText(li.querySelector('[data-field="level"]'), LEVEL_TEXT[a.level] ?? a.level);
      setText(li.querySelector('[data-field="rule"]'), a.ruleName ?? a.ruleId);
      setText(li.querySelector('[data-field="labels"]'), Object.keys(a.labels ?? {}).length > 0 ? labelsText(a.labels) : '');
      setText(li.querySelector('[data-field="value"]'), valueText(a.value));
      li.dataset.since = a.since ?? '';
      drawSince(li, now);
      setText(li.querySelector('[data-field="ack"]'), a.acknowledgedBy ? `✔ ${a.acknowledgedBy}` : '');
    });
    const rest = firing.length - lines.length;
    if (more.hidden === rest > 0) more.hidden = rest <= 0;
    setText(more, rest > 0 ? `and ${rest} more` : '');
  }

  return {
    onMessage(message) {
      if (message?.type === 'alert_state' && book.update(message.data)) draw();
    },
    async refresh() {
      const token = book.beginRead();
      book.replace(await fetchJson('/api/v1/alerts'), token);
      draw();
    },
    tick(now) {
      if (banner.hidden) return;
      for (const li of lines) if (!li.hidden) drawSince(li, now);
    },
  };
}
