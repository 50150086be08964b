// Chat (Pages/Chat.cshtml, docs/pages.md "Chat"): renders the server's first view, reads GET /api/v1/chat at start,
// then follows `chat` (chat_update snapshots). Waits tick every second between updates (chat-view.js); while the
// client is on its polling fallback the page also re-reads /api/v1/chat. Formats match Pages/Chat.cshtml.
import { clearSkeleton, followSnapshot, format, setText, showTimeZone, syncRows } from './page-shell.js';
import { applyThreshold, setKpi } from './thresholds.js';
import { chartsAvailable, onThemeChange, palette, styleAxes } from './charts.js';
import './table-export.js';
import { startTicker } from './queue-view.js';
import { WAIT_METRIC, hasChatData, responsesText, setLongestWait, setWait } from './chat-view.js';

const $ = selector => document.querySelector(selector);
const KINDS = [['text', 'Text'], ['image', 'Image'], ['file', 'File'], ['audio', 'Audio'], ['video', 'Video']];
// Message statuses take the agent-status colours: grey sent, blue delivered, green read, red failed.
const STATUSES = [['sent', 'Sent', 'offline'], ['delivered', 'Delivered', 'on_call'], ['read', 'Read', 'available'], ['failed', 'Failed', 'busy']];

let last = null;     // the payload shown

// ---- cards ------------------------------------------------------------------------------------------------------------

const card = id => $(`[data-testid="${id}"]`);

function waitLevel(el) {
  applyThreshold(el, WAIT_METRIC, el.dataset.seconds ? Number(el.dataset.seconds) : null);
}

function renderCards(d) {
  const s = d.sessions ?? {};
  setKpi(card('kpi-chat-waiting'), format.integer(s.waiting), 'chatWaiting', s.waiting);
  const longest = card('kpi-chat-longest-wait');
  clearSkeleton(longest);
  setLongestWait(longest, d);
  waitLevel(longest);
  setKpi(card('kpi-chat-active'), format.integer(s.active));
  setKpi(card('kpi-chat-average-wait'), format.seconds(d.averageWaitSeconds), WAIT_METRIC, d.averageWaitSeconds);
  setKpi(card('kpi-chat-first-response'), format.seconds(d.firstResponseSeconds), 'chatFirstResponseSeconds', d.firstResponseSeconds);
  setKpi(card('kpi-chat-resolution'), format.seconds(d.resolutionSeconds));
  setKpi(card('kpi-chat-csat'), format.percent(d.csat?.percent), 'csatPercent', d.csat?.percent);
  setText($('[data-testid="kpi-chat-csat-responses"]'), responsesText(d.csat?.responses));
}

// ---- tables (rows keyed and updated in place, so focus and selection survive updates) ---------------------------------

function waitingRow(id) {
  const tr = document.createElement('tr');
  tr.dataset.key = id;
  tr.dataset.sessionId = id;
  tr.innerHTML = '<th scope="row"></th><td data-field="channel"></td><td data-field="startedAt"><time></time></td>'
    + '<td class="num" data-field="wait"></td>';
  return tr;
}

function renderWaiting(d) {
  const list = Array.isArray(d.waitingSessions) ? d.waitingSessions : [];
  syncRows($('[data-testid="chat-waiting-table"] tbody'), list, s => s.sessionId, waitingRow, (row, s) => {
    setText(row.cells[0], s.sessionId);
    setText(row.cells[1], s.channel ?? '—');
    const time = row.cells[2].firstElementChild;
    if (time.dateTime !== s.startedAt) time.dateTime = s.startedAt;
    setText(time, format.time(s.startedAt));
    setWait(row.cells[3], s.startedAt, d);
    waitLevel(row.cells[3]);
  }, 'Nobody is waiting.', 4);
  const total = d.sessions?.waiting ?? list.length;
  setText($('[data-testid="chat-waiting-note"]'), total > list.length ? `· oldest ${list.length} of ${format.integer(total)}` : '');
}

const AGENT_CELLS = [
  ['agentId', a => a.agentId],
  ['activeSessions', a => format.integer(a.activeSessions)],
  ['sessionsToday', a => format.integer(a.sessionsToday)],
  ['firstResponseSeconds', a => format.seconds(a.firstResponseSeconds), 'chatFirstResponseSeconds'],
  ['resolutionSeconds', a => format.seconds(a.resolutionSeconds)],
  ['csatPercent', a => format.percent(a.csatPercent), 'csatPercent'],
];

function agentRow(id) {
  const tr = document.createElement('tr');
  tr.dataset.key = id;
  tr.dataset.agentId = id;
  tr.innerHTML = '<th scope="row"></th>' + AGENT_CELLS.map(([field], i) => `<td${i === 0 ? '' : ' class="num"'} data-field="${field}"></td>`).join('');
  return tr;
}

function renderAgents(d) {
  const list = Array.isArray(d.agents) ? d.agents : [];
  syncRows($('[data-testid="chat-agent-table"] tbody'), list, a => a.agentId, agentRow, (row, a) => {
    setText(row.cells[0], a.name || a.agentId);
    AGENT_CELLS.forEach(([field, text, metric], i) => {
      const cell = row.cells[i + 1];
      setText(cell, text(a));
      if (metric) applyThreshold(cell, metric, a[field]);
    });
  }, 'No chat agent today.', 7);
}

// ---- CSAT bars --------------------------------------------------------------------------------------------------------

function renderCsat(d) {
  const c = d.csat ?? {};
  const responses = c.responses ?? 0;
  setText($('[data-testid="csat-summary"]'), responses > 0
    ? `${responsesText(responses)} · average ${format.rate(c.average)} of 5 · ${format.percent(c.percent)} scored 4 or 5`
    : 'No responses yet.');
  for (const li of document.querySelectorAll('[data-testid="csat-distribution"] li[data-score]')) {
    const n = c.distribution?.[li.dataset.score] ?? 0;
    const share = responses > 0 ? Math.round((100 * n) / responses) : 0;
    const bar = li.querySelector('.csat-bar');
    if (bar.style.width !== `${share}%`) bar.style.width = `${share}%`;
    setText(li.querySelector('[data-field="count"]'), `${format.integer(n)} (${share} %)`);
  }
}

// ---- charts -----------------------------------------------------------------------------------------------------------

const perHourCanvas = $('#chat-per-hour-chart');
const kindCanvas = $('#chat-kind-chart');
const statusCanvas = $('#chat-status-chart');
const charts = { perHour: null, kinds: null, statuses: null };
let peakIndex = -1;

const perHourColours = p => (charts.perHour?.data.labels ?? []).map((_, i) => (i === peakIndex ? p.series[1] : p.series[0]));

if (chartsAvailable(perHourCanvas, kindCanvas, statusCanvas)) {
  const p = palette();
  const axes = title => ({
    x: { ticks: { maxTicksLimit: 12 }, grid: {} },
    y: { beginAtZero: true, ticks: { precision: 0 }, grid: {}, title: { display: true, text: title } },
  });
  charts.perHour = new window.Chart(perHourCanvas, {
    type: 'bar',
    data: { labels: [], datasets: [{ label: 'Messages', data: [], backgroundColor: [] }] },
    options: { scales: axes('Messages'), plugins: { legend: { display: false } } },
  });
  charts.kinds = new window.Chart(kindCanvas, {
    type: 'bar',
    data: { labels: KINDS.map(([, l]) => l), datasets: [{ label: 'Messages', data: KINDS.map(() => 0), backgroundColor: KINDS.map((_, i) => p.series[i % 6]) }] },
    options: { scales: axes('Messages'), plugins: { legend: { display: false } } },
  });
  charts.statuses = new window.Chart(statusCanvas, {
    type: 'doughnut',
    data: { labels: STATUSES.map(([, l]) => l), datasets: [{ data: STATUSES.map(() => 0), backgroundColor: STATUSES.map(([, , c]) => p.status(c)), borderWidth: 1 }] },
    options: { plugins: { legend: { position: 'right', labels: { color: p.text } } } },
  });
  for (const chart of [charts.perHour, charts.kinds]) { styleAxes(chart, p); chart.update('none'); }
  onThemeChange(next => {
    charts.perHour.data.datasets[0].backgroundColor = perHourColours(next);
    charts.kinds.data.datasets[0].backgroundColor = KINDS.map((_, i) => next.series[i % 6]);
    charts.statuses.data.datasets[0].backgroundColor = STATUSES.map(([, , c]) => next.status(c));
    Object.values(charts).forEach(chart => { styleAxes(chart, next); chart.update('none'); });
  });
}

const hourLabel = iso => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function renderMessages(d) {
  const m = d.messages ?? {};
  setText($('[data-testid="chat-messages-today"]'), `· ${format.integer(m.today)}`);
  const rates = $('[data-testid="chat-rates"]');
  for (const field of ['deliveryRate', 'readRate', 'failureRate']) setText(rates.querySelector(`[data-field="${field}"]`), format.percent(m[field]));

  const hours = Array.isArray(m.perHour) ? m.perHour : [];
  const peak = m.peakHour ?? null;
  peakIndex = peak ? hours.findIndex(h => h.hour === peak.hour || Date.parse(h.hour) === Date.parse(peak.hour)) : -1;
  const counts = hours.map(h => h.count ?? 0);
  const total = counts.reduce((a, b) => a + b, 0);
  setText($('[data-testid="chat-peak-hour"]'), peak
    ? `Peak: ${hourLabel(peak.hour)}, ${format.integer(peak.count)} messages`
    : 'No messages in the last 24 hours.');
  perHourCanvas.setAttribute('aria-label', total === 0
    ? 'Bar chart of messages per hour over the last 24 hours: no messages.'
    : `Bar chart of messages per hour over the last 24 hours: ${format.integer(total)} messages; peak hour ${hourLabel(peak?.hour)} with ${format.integer(peak?.count)} messages.`);
  const kinds = KINDS.map(([k]) => m.byKind?.[k] ?? 0);
  const statuses = STATUSES.map(([k]) => m.byStatus?.[k] ?? 0);
  kindCanvas.setAttribute('aria-label', `Bar chart of today's messages by kind: ${KINDS.map(([, l], i) => `${l} ${format.integer(kinds[i])}`).join(', ')}.`);
  statusCanvas.setAttribute('aria-label', `Doughnut chart of today's messages by status: ${STATUSES.map(([, l], i) => `${l} ${format.integer(statuses[i])}`).join(', ')}.`);
  if (charts.perHour) {
    charts.perHour.data.labels = hours.map(h => hourLabel(h.hour));
    charts.perHour.data.datasets[0].data = counts;
    charts.perHour.data.datasets[0].backgroundColor = perHourColours(palette());
    charts.perHour.update('none');
    charts.kinds.data.datasets[0].data = kinds;
    charts.kinds.update('none');
    charts.statuses.data.datasets[0].data = statuses;
    charts.statuses.update('none');
  }
}

// ---- wiring -----------------------------------------------------------------------------------------------------------

/** Renders one chat_update payload (followSnapshot passes only payloads no older than the one shown). */
function render(d) {
  last = d;
  $('[data-testid="chat-empty"]').hidden = hasChatData(d);
  // The tenant's business-day zone (Tenants:{tenant}:TimeZone): "today" on this page starts at its midnight.
  showTimeZone(d.timeZone);
  renderCards(d);
  renderWaiting(d);
  renderAgents(d);
  renderCsat(d);
  renderMessages(d);
}

// The embedded or streamed snapshot holds the same figures as GET /api/v1/chat (it is published whenever anything but
// the waits changes), and the waits tick on from its computedAt.
const { client } = followSnapshot({ topic: 'chat', type: 'chat_update', url: '/api/v1/chat', render, what: 'the chat figures' });

// The waits tick; their threshold follows the value shown (a session waiting past 60 s turns to warning).
startTicker(document, () => {
  for (const el of document.querySelectorAll('[data-tick-metric][data-seconds]')) waitLevel(el);
});

window.dashboard = { client, charts, get chat() { return last; } };
