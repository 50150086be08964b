// The Alerts page's tables (Pages/Alerts.cshtml): current state per rule and label set, the rules, the transitions.
// Rows are keyed (syncRows), so focus on a button survives the live updates; "since" cells tick with tickSince().
import { format, setText, syncRows } from './page-shell.js';
import { isFiring, labelsText } from './alert-book.js';
import { valueText } from './kpi-view.js';

const STATE_TEXT = { firing: 'Firing', recovering: 'Recovering', pending: 'Pending', normal: 'Normal' };

const cell = (row, i) => row.cells[i];
function makeRow(columns) {
  return key => {
    const tr = document.createElement('tr');
    tr.dataset.key = key;
    for (let i = 0; i < columns; i++) tr.append(document.createElement(i === 0 ? 'th' : 'td'));
    tr.cells[0].scope = 'row';
    return tr;
  };
}

/** A `<time>` showing how long ago `iso` was; tickSince() keeps it current. */
function sinceTime(td, iso) {
  let time = td.querySelector('time');
  if (!time) { td.textContent = ''; time = document.createElement('time'); time.dataset.since = ''; td.append(time); }
  if (time.dateTime !== (iso ?? '')) { time.dateTime = iso ?? ''; time.title = format.dateTime(iso); }
  setText(time, iso ? `${format.ago(iso)} ago` : '—');
}

/** Rewrites every "since" of the page (the 1 s timer). */
export function tickSince(root = document) {
  for (const time of root.querySelectorAll('time[data-since]')) {
    if (time.dateTime) setText(time, `${format.ago(time.dateTime)} ago`);
  }
}

/** What the state cell says: "Firing · critical", plus "silenced" while the rule is. */
function stateText(a) {
  const parts = [STATE_TEXT[a.state] ?? a.state];
  if (a.state !== 'normal' && a.severity) parts.push(a.severity);
  if (a.silencedUntil && Date.parse(a.silencedUntil) > Date.now()) parts.push(`silenced until ${format.time(a.silencedUntil)}`);
  return parts.join(' · ');
}

/**
 * The current-state table: one row per instance in `list` (display order). An instance with a notified level and no
 * acknowledgement gets an Acknowledge button (data-action="ack").
 */
export function drawInstances(body, list) {
  syncRows(body, list, a => String(a.id), makeRow(6), (row, a) => {
    row.dataset.state = a.state;
    row.dataset.level = a.level ?? 'none';
    row.dataset.ruleId = a.ruleId;
    setText(cell(row, 0), a.ruleName ?? a.ruleId);
    setText(cell(row, 1), labelsText(a.labels));
    const state = cell(row, 2);
    state.className = 'alert-state';
    state.dataset.state = a.state;
    state.dataset.severity = a.state === 'normal' ? '' : a.severity ?? '';
    setText(state, stateText(a));
    cell(row, 3).className = 'num';
    setText(cell(row, 3), valueText(a.value));
    sinceTime(cell(row, 4), a.since);
    const ack = cell(row, 5);
    const acked = a.acknowledgedBy ? `by ${a.acknowledgedBy} at ${format.time(a.acknowledgedAt)}` : '';
    const canAck = !acked && isFiring(a);
    let button = ack.querySelector('button');
    if (canAck && !button) {
      ack.textContent = '';
      button = document.createElement('button');
      button.type = 'button';
      button.className = 'button';
      button.dataset.action = 'ack';
      button.textContent = 'Acknowledge';
      ack.append(button);
    } else if (!canAck) {
      if (button) button.remove();
      setText(ack, acked || '—');
    }
    if (button) button.setAttribute('aria-label', `Acknowledge ${a.ruleName ?? a.ruleId} (${labelsText(a.labels)})`);
  }, 'No alert is pending or firing, and no rule has evaluated yet.', 6);
}

/** "> 300 (recovers < 240)" for one severity of a rule, or null when the rule has none. */
function thresholdText(rule, which) {
  const t = rule[which];
  if (t == null) return null;
  const above = rule.direction !== 'below';
  const recovery = rule[`${which}Recovery`];
  const band = recovery != null && recovery !== t ? ` (recovers ${above ? '<' : '>'} ${valueText(recovery)})` : '';
  return `${which} ${above ? '>' : '<'} ${valueText(t)}${band}`;
}

/** The rules table; `admin` adds the actions column (edit and delete for api rules, silence for all). */
export function drawRules(body, rules, admin) {
  const columns = admin ? 8 : 7;
  syncRows(body, rules, r => r.id, makeRow(columns), (row, r) => {
    row.dataset.source = r.source;
    const name = cell(row, 0);
    name.textContent = '';
    const id = document.createElement('code');
    id.textContent = r.id;
    name.append(document.createTextNode(`${r.name} `), id);
    setText(cell(row, 1), Object.keys(r.labels ?? {}).length > 0 ? `${r.metric}{${labelsText(r.labels)}}` : r.metric);
    setText(cell(row, 2), [thresholdText(r, 'warning'), thresholdText(r, 'critical')].filter(Boolean).join(' · '));
    setText(cell(row, 3), `pending ${r.forSeconds ?? 0} s · keeps firing ${r.keepFiringForSeconds ?? 0} s`);
    setText(cell(row, 4), r.noData ?? '');
    setText(cell(row, 5), r.source === 'config' ? 'configuration' : 'API');
    const silenced = r.silencedUntil && Date.parse(r.silencedUntil) > Date.now();
    setText(cell(row, 6), silenced ? `${format.dateTime(r.silencedUntil)}${r.silencedBy ? ` (by ${r.silencedBy})` : ''}` : '—');
    if (admin && !cell(row, 7).firstChild) {
      cell(row, 7).className = 'rule-actions';
      cell(row, 7).innerHTML = '<button type="button" class="link-button" data-action="edit">Edit</button>'
        + '<button type="button" class="link-button" data-action="silence">Silence…</button>'
        + '<button type="button" class="link-button" data-action="delete">Delete</button>';
    }
    if (admin) {
      // Config rules are edited in Alerts:Rules; they can still be silenced.
      cell(row, 7).querySelector('[data-action="edit"]').hidden = r.source === 'config';
      cell(row, 7).querySelector('[data-action="delete"]').hidden = r.source === 'config';
      for (const b of cell(row, 7).querySelectorAll('button')) b.setAttribute('aria-label', `${b.textContent.replace('…', '')} ${r.name}`);
    }
  }, 'No rules yet.', columns);
}

/** The key of a transition: the same change from GET /api/v1/alerts/history and from an alert_state message. */
export const transitionKey = t => `${t.alertId}|${t.severity}|${t.to}|${t.at}`;

/** The transitions table, newest first. */
export function drawHistory(body, items) {
  syncRows(body, items, transitionKey, makeRow(6), (row, t) => {
    const time = cell(row, 0);
    let el = time.querySelector('time');
    if (!el) { el = document.createElement('time'); time.append(el); }
    el.dateTime = t.at;
    setText(el, format.dateTime(t.at));
    setText(cell(row, 1), t.ruleName ?? t.ruleId);
    setText(cell(row, 2), labelsText(t.labels));
    setText(cell(row, 3), t.severity ?? '');
    setText(cell(row, 4), `${t.from} → ${t.to}`);
    cell(row, 4).dataset.to = t.to;
    cell(row, 5).className = 'num';
    setText(cell(row, 5), valueText(t.value));
  }, 'No state changes in the last 24 hours.', 6);
}
