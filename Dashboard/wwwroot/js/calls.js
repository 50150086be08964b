// The Calls page (Pages/Calls.cshtml): window KPIs, calls per hour and agent performance for the selected `?hours=`
// window (REST reports, and the `call_stats` topic for the default 24 h window), plus the live active and recent call
// lists (calls-live.js, topic `calls`). Formats match Pages/Shell/Display.cs.
import { fetchJson, format, isNumber, readJson, setText, showError, showTimeZone, startPage } from './page-shell.js';
import { chartsAvailable, onThemeChange, palette, styleAxes } from './charts.js';
import { applyThreshold } from './thresholds.js';
import { ActiveCalls, RecentCalls, endedCall } from './calls-live.js';
import './table-export.js';

const $ = selector => document.querySelector(selector);
const config = readJson('calls-config');
const DEFAULT_HOURS = 24;
const state = { hours: config.hours ?? DEFAULT_HOURS };

// ---- window KPIs ----------------------------------------------------------------------------------------------------

function renderMetrics(m) {
  if (!m) return;
  setText($('[data-testid="kpi-total-calls"]'), format.integer(m.totalCalls));
  setText($('[data-testid="kpi-ended-calls"]'), format.integer(m.endedCalls));
  setText($('[data-testid="kpi-completed-calls"]'), format.integer(m.completedCalls));
  setText($('[data-testid="kpi-success-rate"]'), format.percent(m.successRate));
  // Not AHT (talk + after-call work over handled calls, the Queue & Agents page): unanswered calls count too, so the
  // ahtSeconds thresholds do not apply.
  setText($('[data-testid="kpi-aht"]'), format.seconds(m.averageDurationSeconds));
  const abandoned = m.outcomeCounts?.abandoned;
  // abandoned ÷ offered (answered + abandoned), as on Queue & Agents; Pages/Calls.cshtml computes the same.
  const offered = (m.completedCalls ?? 0) + (isNumber(abandoned) ? abandoned : 0);
  const rate = isNumber(abandoned) && offered > 0 ? abandoned / offered : null;
  const abandonment = $('[data-testid="kpi-abandonment-rate"]');
  setText(abandonment, format.percent(rate));
  applyThreshold(abandonment, 'abandonmentRate', rate);
}

// ---- calls per hour -------------------------------------------------------------------------------------------------

const perHourCanvas = $('#per-hour-chart');
let perHour = null;
// Colours from the palette: answered = the `completed` outcome, not answered = `no_answer`, in progress = `on_call`.
const SERIES = [
  ['Answered', p => p.outcome('completed')],
  ['Ended, not answered', p => p.outcome('no_answer')],
  ['In progress', p => p.status('on_call')],
];
if (chartsAvailable(perHourCanvas)) {
  const p = palette();
  perHour = new window.Chart(perHourCanvas, {
    type: 'bar',
    data: { labels: [], datasets: SERIES.map(([label, colour]) => ({ label, data: [], backgroundColor: colour(p) })) },
    options: {
      scales: {
        x: { stacked: true, ticks: { maxTicksLimit: 12 }, grid: {} },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, grid: {}, title: { display: true, text: 'Calls' } },
      },
      plugins: { legend: { labels: {} } },
    },
  });
  styleAxes(perHour, p);
  perHour.update('none');
  onThemeChange(next => {
    perHour.data.datasets.forEach((d, i) => { d.backgroundColor = SERIES[i][1](next); });
    styleAxes(perHour, next);
    perHour.update('none');
  });
}

// Hours are the tenant's local hours (Tenants:{tenant}:TimeZone, docs/metrics.md §1): labelled on its clock, not the
// browser's, so 09:00 is the hour the tenant calls 09:00.
let timeZone = config.callsPerHour?.timeZone ?? 'UTC';
const hourLabel = (iso, hours) => {
  const d = new Date(iso);
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', timeZone });
  return hours > 24 ? `${d.toLocaleDateString([], { weekday: 'short', timeZone })} ${time}` : time;
};

function renderPerHour(entries, hours) {
  const list = Array.isArray(entries) ? entries : [];
  const labels = list.map(e => hourLabel(e.hour, hours));
  const answered = list.map(e => e.completedCalls ?? 0);
  const notAnswered = list.map(e => Math.max(0, (e.endedCalls ?? 0) - (e.completedCalls ?? 0)));
  const inProgress = list.map(e => Math.max(0, (e.totalCalls ?? 0) - (e.endedCalls ?? 0)));
  if (perHour) {
    perHour.data.labels = labels;
    [answered, notAnswered, inProgress].forEach((data, i) => { perHour.data.datasets[i].data = data; });
    perHour.update('none');
  }
  const total = list.reduce((sum, e) => sum + (e.totalCalls ?? 0), 0);
  let busiest = null;
  list.forEach((e, i) => { if ((e.totalCalls ?? 0) > 0 && (busiest === null || e.totalCalls > list[busiest].totalCalls)) busiest = i; });
  const span = hours === 1 ? 'the last hour' : `the last ${hours} hours`;
  perHourCanvas.setAttribute('aria-label', total === 0
    ? `Bar chart of calls per hour over ${span}: no calls.`
    : `Bar chart of calls per hour over ${span}: ${format.integer(total)} calls, ${format.integer(answered.reduce((a, b) => a + b, 0))} answered; ` +
      `busiest hour ${labels[busiest]} with ${format.integer(list[busiest].totalCalls)} calls.`);
}

// ---- agent performance ----------------------------------------------------------------------------------------------

function renderAgents(agents) {
  const body = $('[data-testid="agents-table"] tbody');
  const list = Array.isArray(agents) ? agents : [];
  const rows = list.map(a => {
    const tr = document.createElement('tr');
    tr.dataset.agentId = a.agentId;
    tr.innerHTML = '<th scope="row"></th>' + '<td class="num"></td>'.repeat(4);
    const values = [a.name || a.agentId, format.integer(a.totalCalls), format.integer(a.completedCalls),
      format.percent(a.successRate), format.seconds(a.averageDurationSeconds)];
    values.forEach((v, i) => { tr.cells[i].textContent = v; });
    return tr;
  });
  if (rows.length === 0) {
    body.innerHTML = '<tr class="empty-row"><td colspan="5">No agent handled a call in the window.</td></tr>';
  } else {
    body.replaceChildren(...rows);
  }
}

function renderWindow({ metrics, callsPerHour, agents, hours, zone }) {
  if (zone) timeZone = zone;
  showTimeZone(zone);
  renderMetrics(metrics);
  renderPerHour(callsPerHour, hours);
  renderAgents(agents);
}

// ---- live lists -----------------------------------------------------------------------------------------------------

const activeNow = $('[data-testid="kpi-active-now"]');
const activeNote = $('[data-testid="active-calls-note"]');
const active = new ActiveCalls($('[data-testid="active-calls-table"]'), (count, shown) => {
  setText(activeNow, format.integer(count ?? shown));
  setText(activeNote, count !== null && count > shown ? `(longest ${format.integer(shown)} of ${format.integer(count)})` : '');
});
const recent = new RecentCalls($('[data-testid="recent-calls-table"]'), config.recentLimit ?? 20);

function onCallEvent(data) {
  if (!data?.callId) return;
  const from = active.event(data);
  if (data.event === 'call_ended') recent.add(endedCall(data, from));
}

// ---- REST -----------------------------------------------------------------------------------------------------------

async function loadWindow(hours) {
  const q = `hours=${hours}`;
  const [metrics, perHourReport, agents] = await Promise.all([
    fetchJson(`/api/v1/calls/metrics?${q}`),
    fetchJson(`/api/v1/calls/per-hour?${q}`),
    fetchJson(`/api/v1/agents/performance?${q}`),
  ]);
  if (hours !== state.hours) return;  // the range changed meanwhile: that load renders instead
  renderWindow({ metrics, callsPerHour: perHourReport?.callsPerHour, agents: agents?.agents, hours, zone: perHourReport?.timeZone });
  shownHours = hours;
}

// Refreshes share one run (page-shell.js): a range picked while one runs needs another run once it is over.
let shownHours = state.hours;
async function refreshRange() {
  for (let i = 0; i < 3; i++) {
    if (!(await refresh())) return;
    if (shownHours === state.hours) return;
  }
}

async function loadLists() {
  const [recentReport, activeReport] = await Promise.all([
    fetchJson(`/api/v1/calls/recent?limit=${config.recentLimit ?? 20}`),
    fetchJson('/api/v1/calls/active'),
  ]);
  recent.render(recentReport);
  active.snapshot(activeReport);
}

// call_stats carries the default 24 h window every 10 s: other windows re-read their reports when it does, at most
// one read at a time.
let windowReload = null;
function reloadWindowSoon() {
  windowReload ??= loadWindow(state.hours)
    .catch(error => showError(`Could not update the ${state.hours} h figures: ${error.message}`))
    .finally(() => { windowReload = null; });
}

// Calls that left the active list without a call_event (polling, or a missed message): the recent list re-reads.
let recentReload = null;
function reloadRecentSoon() {
  recentReload ??= fetchJson(`/api/v1/calls/recent?limit=${config.recentLimit ?? 20}`)
    .then(report => recent.render(report))
    .catch(error => showError(`Could not update the recent calls: ${error.message}`))
    .finally(() => { recentReload = null; });
}

// ---- range selector -------------------------------------------------------------------------------------------------

const select = $('[data-testid="hours-select"]');
const windowText = hours => (hours === 1 ? 'last hour' : `last ${hours} h`);

function setHours(hours, { push }) {
  state.hours = hours;
  select.value = String(hours);
  document.querySelectorAll('[data-window]').forEach(el => setText(el, windowText(hours)));
  $('[data-testid="hours-error"]')?.remove();
  if (push) {
    const url = new URL(location.href);
    url.searchParams.set('hours', String(hours));
    history.pushState({ hours }, '', url);
  }
}

// ---- wiring ---------------------------------------------------------------------------------------------------------

// Server-rendered times are UTC: show them in the browser's time zone.
document.querySelectorAll('table time[datetime]').forEach(t => setText(t, format.time(t.dateTime)));
renderWindow({ metrics: config.metrics, callsPerHour: config.callsPerHour?.callsPerHour, agents: config.agents?.agents, hours: state.hours, zone: config.callsPerHour?.timeZone });
active.snapshot(config.active);

const { client, refresh } = startPage({
  topics: ['calls', 'call_stats'],
  onMessage(message) {
    switch (message.type) {
      case 'call_event': onCallEvent(message.data); break;
      case 'active_calls_update': if (active.snapshot(message.data) > 0) reloadRecentSoon(); break;
      case 'call_stats_update':
        if (message.data?.metrics?.hours === state.hours) {
          renderWindow({ metrics: message.data.metrics, callsPerHour: message.data.callsPerHour, agents: message.data.agentPerformance, hours: state.hours, zone: message.data.timeZone });
        } else {
          reloadWindowSoon();
        }
        break;
      default: break;
    }
  },
  async onRefresh() {
    await Promise.all([loadWindow(state.hours), loadLists()]);
  },
});

select.addEventListener('change', () => {
  setHours(Number(select.value), { push: true });
  void refreshRange();
});
window.addEventListener('popstate', () => {
  const raw = Number(new URL(location.href).searchParams.get('hours') ?? DEFAULT_HOURS);
  setHours((config.hourChoices ?? []).includes(raw) ? raw : DEFAULT_HOURS, { push: false });
  void refreshRange();
});

// For diagnostics in the browser console and for browser tests.
window.dashboard = { client, charts: { perHour }, state, refresh };
