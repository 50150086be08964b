// Queue & Agents (Pages/Queues.cshtml): renders the server's first view data, then keeps the totals, the queue table
// and the agent tiles/table live from the `queue` (queue_updated) and `agents` (agent_metrics snapshots,
// agent_status_changed events) topics. Longest wait and time in status tick every second between updates.
import { fetchJson, format, readJson, setText, showTimeZone, startPage } from './page-shell.js';
import { applyThreshold, setKpi } from './thresholds.js';
import './table-export.js';
import { STATUSES, STATUS_FIELDS, serviceLevelText, setTicking, startTicker, statusLabel } from './queue-view.js';

const $ = selector => document.querySelector(selector);
const initial = readJson('queues-config');
const STATUS_ORDER = new Map(STATUSES.map(([key], i) => [key, i]));
const SEP = '\u001f';

// ---- queues --------------------------------------------------------------------------------------------------------

const kpi = id => $(`[data-testid="${id}"]`);

// Queue table cells after the row header, in column order: [field, text(q), threshold metric, raw value(q)].
const QUEUE_CELLS = [
  ['callsWaiting', q => format.integer(q.callsWaiting), 'callsWaiting', q => q.callsWaiting],
  ['longestWaitSeconds', null, 'longestWaitSeconds', q => q.longestWaitSeconds],
  ['serviceLevel', q => serviceLevelText(q.serviceLevel, q.serviceLevelThresholdSeconds), 'serviceLevel', q => q.serviceLevel],
  ['serviceLevelTarget', q => format.percent(q.serviceLevelTarget)],
  ['offered', q => format.integer(q.offered)],
  ['answered', q => format.integer(q.answered)],
  ['abandoned', q => format.integer(q.abandoned)],
  ['asaSeconds', q => format.seconds(q.asaSeconds), 'asaSeconds', q => q.asaSeconds],
  ['ahtSeconds', q => format.seconds(q.ahtSeconds), 'ahtSeconds', q => q.ahtSeconds],
  ['abandonmentRate', q => format.percent(q.abandonmentRate), 'abandonmentRate', q => q.abandonmentRate],
  ...STATUSES.map(([key]) => [STATUS_FIELDS[key], q => format.integer(q.agents?.[STATUS_FIELDS[key]])]),
];

function queueRow(name) {
  const row = document.createElement('tr');
  row.dataset.queue = name;
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = name;
  row.append(th);
  for (const [field] of QUEUE_CELLS) {
    const td = document.createElement('td');
    td.className = 'num';
    td.dataset.field = field;
    row.append(td);
  }
  return row;
}

function renderQueue(message) {
  const d = message.data ?? {};
  const t = d.totals ?? {};
  // The tenant's business-day zone (Tenants:{tenant}:TimeZone): "today" on this page starts at its midnight.
  showTimeZone(d.timeZone);
  const receivedAt = Date.now();
  setKpi(kpi('kpi-calls-waiting'), format.integer(t.callsWaiting), 'callsWaiting', t.callsWaiting);
  const longest = kpi('kpi-longest-wait');
  longest.classList.remove('skeleton');
  longest.dataset.tickMetric = 'longestWaitSeconds';
  setTicking(longest, t.longestWaitSeconds, receivedAt);
  applyThreshold(longest, 'longestWaitSeconds', t.longestWaitSeconds);
  setKpi(kpi('kpi-service-level'), format.percent(t.serviceLevel), 'serviceLevel', t.serviceLevel);
  setKpi(kpi('kpi-asa'), format.seconds(t.asaSeconds), 'asaSeconds', t.asaSeconds);
  setKpi(kpi('kpi-aht'), format.seconds(t.ahtSeconds), 'ahtSeconds', t.ahtSeconds);
  setKpi(kpi('kpi-abandonment'), format.percent(t.abandonmentRate), 'abandonmentRate', t.abandonmentRate);
  setKpi(kpi('kpi-agents-online'), format.integer(t.agents?.online));

  const queues = Array.isArray(d.queues) ? d.queues : [];
  const body = $('[data-testid="queue-table"] tbody');
  const existing = new Map([...body.querySelectorAll('tr[data-queue]')].map(tr => [tr.dataset.queue, tr]));
  body.querySelector('.empty-row')?.remove();
  for (const q of queues) {
    const row = existing.get(q.queue) ?? queueRow(q.queue);
    existing.delete(q.queue);
    QUEUE_CELLS.forEach(([field, text, metric, value], i) => {
      const cell = row.cells[i + 1];
      if (field === 'longestWaitSeconds') {
        cell.dataset.tickMetric = metric;
        setTicking(cell, q.longestWaitSeconds, receivedAt);
      } else {
        setText(cell, text(q));
      }
      if (metric) applyThreshold(cell, metric, value(q));
    });
    body.append(row);  // keeps the payload's order (by name); moves, never rebuilds
  }
  existing.forEach(row => row.remove());
  if (queues.length === 0) {
    body.insertAdjacentHTML('beforeend', '<tr class="empty-row"><td colspan="16">No queue data yet.</td></tr>');
  }
  addQueueOptions(queues.map(q => q.queue));
}

// ---- agents --------------------------------------------------------------------------------------------------------

/** agentId → {agentId, name, status, statusSince, queues}: the agent_metrics list, moved on by agent_status_changed. */
const agents = new Map();
let agentCount = null;  // the snapshot's agentCount: the list stops at 500
let snapshotCounts = null;

const since = agent => Date.parse(agent.statusSince) || 0;

function renderAgentMetrics(message) {
  const d = message.data ?? {};
  const list = Array.isArray(d.agents) ? d.agents : [];
  const next = new Map();
  for (const agent of list) {
    const known = agents.get(agent.agentId);
    // An agent_status_changed newer than the snapshot's computation wins until the next snapshot includes it.
    next.set(agent.agentId, known && since(known) > since(agent) ? known : { ...agent });
  }
  agents.clear();
  next.forEach((v, k) => agents.set(k, v));
  agentCount = d.agentCount ?? list.length;
  snapshotCounts = d;
  const occupancy = kpi('kpi-occupancy');
  occupancy.classList.remove('skeleton');
  setText(occupancy, format.percent(d.occupancy));
  applyThreshold(occupancy, 'occupancy', d.occupancy);
  renderAgents();
}

function renderStatusChange(message) {
  const e = message.data ?? {};
  if (!e.agentId) return;
  const known = agents.get(e.agentId);
  if (known && Date.parse(e.time) < since(known)) return;  // older than what we show
  const agent = known ?? { agentId: e.agentId, name: null, status: null, statusSince: e.time, queues: null };
  // A repeated status keeps the earlier time (docs/metrics.md, "Status").
  if (agent.status !== e.status) agent.statusSince = e.time;
  agent.status = e.status;
  agent.name = e.name ?? agent.name;
  agent.queues = e.queues ?? agent.queues;
  agents.set(agent.agentId, agent);
  if (!known && agentCount !== null) agentCount += 1;
  addQueueOptions(agent.queues ?? []);
  renderAgents();
}

function counts() {
  // Counted from the list when it is complete, so a status change shows at once; else the snapshot's totals.
  if (agentCount === null || agentCount <= agents.size) {
    const c = Object.fromEntries(STATUSES.map(([key]) => [key, 0]));
    agents.forEach(a => { if (a.status in c) c[a.status] += 1; });
    return c;
  }
  return Object.fromEntries(STATUSES.map(([key]) => [key, snapshotCounts?.[STATUS_FIELDS[key]]]));
}

function tile(agent) {
  const li = document.createElement('li');
  li.className = 'agent-tile';
  li.dataset.agentId = agent.agentId;
  li.innerHTML = '<span class="agent-name"></span>'
    + '<span class="agent-status"><span class="status-dot" aria-hidden="true"></span><span data-field="status"></span></span>'
    + '<span class="agent-since"><span class="visually-hidden">for </span><time data-field="since"></time></span>'
    + '<span class="agent-queues muted" data-field="queues"></span>';
  return li;
}

function agentRow(agent) {
  const tr = document.createElement('tr');
  tr.dataset.agentId = agent.agentId;
  tr.innerHTML = '<th scope="row"></th><td></td>'
    + '<td><span class="status-dot" aria-hidden="true"></span><span data-field="status"></span></td>'
    + '<td class="num"><time data-field="since"></time></td><td data-field="sinceAt"></td><td data-field="queues"></td>';
  return tr;
}

function fill(node, agent, isRow) {
  const name = agent.name || agent.agentId;
  setText(isRow ? node.cells[0] : node.querySelector('.agent-name'), name);
  if (isRow) setText(node.cells[1], agent.agentId);
  if (!isRow && node.dataset.status !== agent.status) node.dataset.status = agent.status;
  node.querySelector('.status-dot').className = `status-dot status-${agent.status}`;
  setText(node.querySelector('[data-field="status"]'), statusLabel(agent.status));
  const sinceEl = node.querySelector('[data-field="since"]');
  if (sinceEl.dataset.tickAt !== String(since(agent))) setTicking(sinceEl, 0, since(agent));
  if (isRow) setText(node.querySelector('[data-field="sinceAt"]'), agent.statusSince ?? '');
  const queues = agent.queues ?? [];
  setText(node.querySelector('[data-field="queues"]'), queues.join(', '));
  node.dataset.queues = queues.join(SEP);
}

function renderAgents() {
  const sorted = [...agents.values()].sort((a, b) =>
    (STATUS_ORDER.get(a.status) ?? 99) - (STATUS_ORDER.get(b.status) ?? 99)
    || (a.name || a.agentId).localeCompare(b.name || b.agentId));
  for (const [container, selector, make, isRow] of [
    [$('[data-testid="agent-tiles"]'), 'li[data-agent-id]', tile, false],
    [$('[data-testid="agent-table"] tbody'), 'tr[data-agent-id]', agentRow, true],
  ]) {
    const existing = new Map([...container.querySelectorAll(selector)].map(n => [n.dataset.agentId, n]));
    container.querySelector('.empty-row')?.remove();
    for (const agent of sorted) {
      const node = existing.get(agent.agentId) ?? make(agent);
      existing.delete(agent.agentId);
      fill(node, agent, isRow);
      container.append(node);
    }
    existing.forEach(n => n.remove());
    if (isRow && sorted.length === 0) {
      container.insertAdjacentHTML('beforeend', '<tr class="empty-row"><td colspan="6">No agents yet.</td></tr>');
    }
  }
  const c = counts();
  for (const li of document.querySelectorAll('[data-testid="agent-summary"] li[data-status]')) {
    setText(li.querySelector('[data-count]'), format.integer(c[li.dataset.status]));
  }
  setText($('[data-testid="kpi-agents-total"]'), format.integer(agentCount));
  applyFilter();
}

// ---- queue filter and view toggle ------------------------------------------------------------------------------------

const filter = $('[data-testid="queue-filter"]');

function addQueueOptions(names) {
  const have = new Set([...filter.options].map(o => o.value));
  for (const name of names) {
    if (have.has(name)) continue;
    have.add(name);
    const option = new Option(name, name);
    const after = [...filter.options].slice(1).find(o => o.value.localeCompare(name) > 0);
    filter.add(option, after ?? null);
  }
}

function applyFilter() {
  const queue = filter.value;
  let shown = 0;
  for (const node of document.querySelectorAll('[data-testid="agent-tiles"] li[data-agent-id], [data-testid="agent-table"] tr[data-agent-id]')) {
    const hide = queue !== '' && !(node.dataset.queues ?? '').split(SEP).includes(queue);
    if (node.hidden !== hide) node.hidden = hide;
    if (!hide && node.tagName === 'LI') shown += 1;
  }
  const empty = $('[data-testid="agents-empty"]');
  empty.hidden = shown > 0;
  setText(empty, agents.size === 0 ? 'No agents yet.' : `No agents in queue ${queue}.`);
}

filter.addEventListener('change', applyFilter);
for (const radio of document.querySelectorAll('input[name="agent-view"]')) {
  radio.addEventListener('change', () => {
    const table = $('input[name="agent-view"]:checked').value === 'table';
    $('#agent-tiles-view').hidden = table;
    $('#agent-table-view').hidden = !table;
  });
}

// ---- wiring ---------------------------------------------------------------------------------------------------------

function render(message) {
  if (!message) return;
  switch (message.type) {
    case 'queue_updated': renderQueue(message); break;
    case 'agent_metrics': renderAgentMetrics(message); break;
    case 'agent_status_changed': renderStatusChange(message); break;
    default: break;
  }
}

render(initial.queue);
render(initial.agents);

// Thresholds of the ticking cells follow the value they show (a caller waiting past 60 s turns the cell to warning).
startTicker(document, () => {
  for (const el of document.querySelectorAll('[data-tick-metric][data-seconds]')) {
    applyThreshold(el, el.dataset.tickMetric, Number(el.dataset.seconds));
  }
});

const { client } = startPage({
  topics: ['queue', 'agents'],
  onMessage: render,
  async onRefresh() {
    const [queue, agentsSnapshot] = await Promise.all([fetchJson('/api/v1/queues'), fetchJson('/api/v1/snapshots/agents')]);
    render({ type: 'queue_updated', data: queue });
    if (agentsSnapshot?.type === 'agent_metrics') render(agentsSnapshot);
  },
});

window.dashboard = { client, agents };
