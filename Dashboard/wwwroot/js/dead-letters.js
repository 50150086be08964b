// The Dead letters panel of the System page (Pages/Shared/_DeadLetters.cshtml, docs/dead-letters.md): Retry and Discard
// call the REST API, then the table is read again from GET /api/v1/dead-letters. Errors go to the page's banner.
import { clearError, fetchJson, setText, showError } from './page-shell.js';

const panel = () => document.querySelector('[data-testid="dead-letters"]');

function row(entry) {
  const tr = document.createElement('tr');
  tr.dataset.id = String(entry.id);
  tr.dataset.state = entry.state;
  const cell = (tag, text, attrs = {}) => {
    const el = document.createElement(tag);
    el.textContent = text;
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    tr.append(el);
    return el;
  };
  cell('th', entry.eventId, { scope: 'row', title: entry.eventSource });
  cell('td', entry.eventType);
  cell('td', entry.state, { 'data-field': 'state' });
  cell('td', String(entry.attempts), { class: 'num', 'data-field': 'attempts' });
  cell('td', entry.lastFailedAt);
  cell('td', entry.error, { class: 'error-text' });
  const actions = cell('td', '', { 'data-csv-value': '' });
  for (const [action, label] of [['retry', 'Retry'], ['discard', 'Discard']]) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.action = action;
    button.textContent = label;
    button.setAttribute('aria-label', `${label} event ${entry.eventId}`);
    actions.append(button, ' ');
  }
  return tr;
}

/** Reads the tenant's dead letters again and redraws the panel. */
export async function refreshDeadLetters() {
  const root = panel();
  if (!root) return;
  const list = await fetchJson('/api/v1/dead-letters?limit=50');
  setText(root.querySelector('[data-field="quarantined"]'), String(list.counts.quarantined));
  setText(root.querySelector('[data-field="retrying"]'), String(list.counts.retrying));
  const body = root.querySelector('tbody');
  if (!body) return;
  if (list.entries.length === 0) {
    const empty = document.createElement('tr');
    empty.className = 'empty-row';
    empty.innerHTML = '<td colspan="7">No dead letters.</td>';
    body.replaceChildren(empty);
  } else {
    body.replaceChildren(...list.entries.map(row));
  }
}

document.addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-testid="dead-letters"] button[data-action]') : null;
  if (!button) return;
  const id = button.closest('tr')?.dataset.id;
  if (!id) return;
  button.disabled = true;
  try {
    if (button.dataset.action === 'retry') {
      await fetchJson(`/api/v1/dead-letters/${encodeURIComponent(id)}/retry`, { method: 'POST' });
    } else {
      await fetchJson(`/api/v1/dead-letters/${encodeURIComponent(id)}`, { method: 'DELETE' });
    }
    clearError();
    await refreshDeadLetters();
  } catch (error) {
    showError(`Dead letter ${id}: ${error.message}`);
    button.disabled = false;
  }
});
