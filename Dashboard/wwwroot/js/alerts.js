// Alerts (Pages/Alerts.cshtml, docs/pages.md "Alerts"): the rules and the current state of every rule per label set
// from GET /api/v1/alerts, the transitions of the last 24 h from GET /api/v1/alerts/history, both kept live by the
// `alert_state` messages of topic `notifications`; acknowledge for everyone, and for admin sessions the rule forms
// (alerts-forms.js) and delete. On the polling fallback (which does not deliver alert_state) the page re-reads instead;
// it also re-reads when the stream is back after a break (alert_state messages sent meanwhile are not replayed), when an
// alert_state names a rule it does not know (created elsewhere) and after deleting a rule.
import { fetchJson, pollWhilePolling, sendJson, setText, showError, startPage, clearSkeletons } from './page-shell.js';
import { AlertBook, labelsText } from './alert-book.js';
import { drawHistory, drawInstances, drawRules, tickSince, transitionKey } from './alerts-view.js';
import { startRuleForms } from './alerts-forms.js';

const POLL_MS = 5000;
const HISTORY_MAX = 1000;
const $ = selector => document.querySelector(selector);
const root = $('[data-testid="alerts-page"]');
const admin = root.dataset.admin === 'true';
const instancesBody = $('[data-testid="alerts-table"] tbody');
const rulesBody = $('[data-testid="rules-table"] tbody');
const historyBody = $('[data-testid="history-table"] tbody');
const empty = $('[data-testid="alerts-empty"]');
const announce = $('[data-testid="alerts-announce"]');

const book = new AlertBook();
let history = [];
let loaded = false;

function draw() {
  drawInstances(instancesBody, book.list());
  drawRules(rulesBody, book.rules, admin);
  drawHistory(historyBody, history);
  empty.hidden = !loaded || book.rules.length > 0;
  forms?.setRules(book.rules);
}

async function readAlerts() {
  const token = book.beginRead();
  book.replace(await fetchJson('/api/v1/alerts'), token);
}

async function readHistory() {
  const answer = await fetchJson('/api/v1/alerts/history?hours=24');
  const live = history.filter(t => t.live);
  const keys = new Set((answer?.items ?? []).map(transitionKey));
  history = [...live.filter(t => !keys.has(transitionKey(t))), ...(answer?.items ?? [])]
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, HISTORY_MAX);
}

async function readAll() {
  try {
    await Promise.all([readAlerts(), readHistory()]);
    loaded = true;
  } finally {
    clearSkeletons(root);
    draw();
  }
}

// One re-read at a time; asks made while one runs share one more after it (it may have started before their cause).
let reading = null;
let again = false;
function reread() {
  if (reading) { again = true; return reading; }
  reading = readAll().catch(() => {}).finally(() => {
    reading = null;
    if (again) { again = false; void reread(); }
  });
  return reading;
}

// One alert_state message: the instance, plus its transition (none for an acknowledgement) on top of the history.
function onMessage(message) {
  if (message?.type !== 'alert_state' || !book.update(message.data)) return;
  const a = message.data;
  if (loaded && !book.rules.some(r => r.id === a.ruleId)) void reread();
  const t = a.transition;
  if (t) {
    const entry = { alertId: a.id, ruleId: a.ruleId, ruleName: a.ruleName, labels: a.labels, labelKey: a.labelKey,
      severity: t.severity, from: t.from, to: t.to, value: a.value, at: t.at, live: true };
    if (!history.some(h => transitionKey(h) === transitionKey(entry))) history = [entry, ...history].slice(0, HISTORY_MAX);
    setText(announce, `${a.ruleName ?? a.ruleId} (${labelsText(a.labels)}): ${t.severity} ${t.to}.`);
  } else if (a.acknowledgedBy) {
    setText(announce, `${a.ruleName ?? a.ruleId} (${labelsText(a.labels)}) acknowledged by ${a.acknowledgedBy}.`);
  }
  draw();
}

// ---- actions ----------------------------------------------------------------------------------------------------------

async function afterChange(text) {
  await readAll();
  setText(announce, text);
}

const forms = admin ? startRuleForms({ onSaved: afterChange }) : null;

instancesBody.addEventListener('click', async e => {
  const button = e.target.closest('button[data-action="ack"]');
  const id = button?.closest('tr')?.dataset.key;
  if (!id) return;
  button.disabled = true;
  try {
    book.update(await sendJson(`/api/v1/alerts/${encodeURIComponent(id)}/ack`));
    draw();
    // The button is gone: keep the keyboard on the row rather than lose it to the page's top.
    const th = instancesBody.querySelector(`tr[data-key="${CSS.escape(id)}"] th`);
    if (th) { th.tabIndex = -1; th.focus(); }
  } catch (error) {
    showError(error?.status === 409 ? 'Nothing to acknowledge: the alert is no longer firing.' : `Could not acknowledge: ${error?.message ?? error}`,
      { timeoutMs: 15000 });
    button.disabled = false;
  }
});

const confirming = new Map();   // rule id → timer of a first Delete click
rulesBody.addEventListener('click', async e => {
  const button = e.target.closest('button[data-action]');
  const id = button?.closest('tr')?.dataset.key;
  const rule = book.rules.find(r => r.id === id);
  if (!rule || !forms) return;
  if (button.dataset.action === 'edit') forms.edit(rule);
  else if (button.dataset.action === 'silence') forms.silence(rule);
  else if (button.dataset.action === 'delete') {
    // Two clicks: the first asks, the second (within 5 s) deletes.
    if (!confirming.has(id)) {
      setText(button, 'Confirm delete');
      confirming.set(id, setTimeout(() => { confirming.delete(id); setText(button, 'Delete'); }, 5000));
      return;
    }
    clearTimeout(confirming.get(id));
    confirming.delete(id);
    try {
      await sendJson(`/api/v1/alerts/rules/${encodeURIComponent(id)}`, undefined, 'DELETE');
      await afterChange(`Rule ${id} deleted.`);
    } catch (error) {
      showError(`Could not delete ${id}: ${error?.message ?? error}`, { timeoutMs: 15000 });
    }
  }
});

// ---- start --------------------------------------------------------------------------------------------------------

const { client, touch } = startPage({
  topics: ['notifications'],
  onMessage,
  onRefresh: readAll,
  // Polling delivers the topic's newest snapshot, never alert_state: read the states instead.
  onState: pollWhilePolling(() => { void reread(); }, POLL_MS),
  // alert_state messages sent during a break are not replayed.
  onResumed: () => { void reread(); },
});
readAll().then(() => touch()).catch(error => showError(`Could not read the alerts: ${error?.message ?? error}`));
setInterval(() => tickSince(root), 1000);

// For diagnostics and browser tests.
window.alertsPage = { client, book, readAll };
