// The overview page (Pages/Index.cshtml): renders the server's first view data, then keeps KPI cards, charts, the
// campaign table and system health live through RealtimeClient. Formats match Pages/OverviewSnapshot.cs.
import { ConnectionState, RealtimeClient } from './realtime-client.js';

const NONE = '—';
const MAX_POINTS = 60;
const OUTCOMES = [
  ['completed', 'Completed'], ['converted', 'Converted'], ['busy', 'Busy'], ['no_answer', 'No answer'],
  ['failed', 'Failed'], ['opted_out', 'Opted out'], ['abandoned', 'Abandoned'], ['voicemail', 'Voicemail'],
  ['canceled', 'Canceled'],
];
const STATE_LABELS = {
  [ConnectionState.Live]: 'Live',
  [ConnectionState.Reconnecting]: 'Reconnecting…',
  [ConnectionState.Sse]: 'SSE',
  [ConnectionState.Polling]: 'Polling',
  [ConnectionState.Offline]: 'Offline',
};

const integers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const isNumber = v => typeof v === 'number' && Number.isFinite(v);
const format = {
  integer: v => (isNumber(v) ? integers.format(Math.round(v)) : NONE),
  rate: v => (isNumber(v) ? v.toFixed(2) : NONE),
  percent: v => (isNumber(v) ? `${(v * 100).toFixed(1)} %` : NONE),
  cpu: v => (isNumber(v) ? `${v.toFixed(1)} %` : NONE),
  bytes: v => (isNumber(v) ? `${(v / 1048576).toFixed(1)} MiB` : NONE),
  uptime: v => {
    if (!isNumber(v)) return NONE;
    const h = Math.floor(v / 3600), m = Math.floor((v % 3600) / 60), s = Math.floor(v % 60);
    return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min ${String(s).padStart(2, '0')} s`;
  },
  time: iso => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
};

const $ = selector => document.querySelector(selector);
const config = JSON.parse($('#overview-config').textContent);
const badge = $('[data-testid="connection-state"]');
const lastUpdate = $('[data-testid="last-update"]');
const errorBox = $('#page-error');
const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');
const darkScheme = matchMedia('(prefers-color-scheme: dark)');
let everLive = false;

// Writes only when the text changes, so aria-live regions announce real changes and nothing else.
function setText(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

// ---- charts ---------------------------------------------------------------------------------------------------------

const css = name => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const charts = { trend: null, outcomes: null };

function chartTheme() {
  return {
    text: css('--text-muted'), grid: css('--grid'), series: [css('--chart-1'), css('--chart-2')],
    outcomes: OUTCOMES.map((_, i) => css(`--outcome-${i + 1}`)),
  };
}

function createCharts() {
  if (typeof window.Chart !== 'function') {
    for (const id of ['trend-chart', 'outcome-chart']) {
      document.getElementById(id)?.insertAdjacentHTML('afterend', '<p class="muted">Charts are unavailable: Chart.js did not load.</p>');
    }
    return;
  }
  const theme = chartTheme();
  const animation = reducedMotion.matches ? false : { duration: 300 };
  charts.trend = new window.Chart($('#trend-chart'), {
    type: 'line',
    data: {
      labels: [],
      datasets: [
        { label: 'Active calls', data: [], yAxisID: 'y', borderColor: theme.series[0], backgroundColor: theme.series[0], tension: 0.25, pointRadius: 0 },
        { label: 'Dialing rate (attempts/s)', data: [], yAxisID: 'y1', borderColor: theme.series[1], backgroundColor: theme.series[1], tension: 0.25, pointRadius: 0 },
      ],
    },
    options: {
      animation, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false },
      scales: {
        x: { ticks: { color: theme.text, maxTicksLimit: 6 }, grid: { color: theme.grid } },
        y: { beginAtZero: true, position: 'left', title: { display: true, text: 'Active calls', color: theme.text }, ticks: { color: theme.text, precision: 0 }, grid: { color: theme.grid } },
        y1: { beginAtZero: true, position: 'right', title: { display: true, text: 'Attempts/s', color: theme.text }, ticks: { color: theme.text }, grid: { drawOnChartArea: false } },
      },
      plugins: { legend: { labels: { color: theme.text } } },
    },
  });
  charts.outcomes = new window.Chart($('#outcome-chart'), {
    type: 'doughnut',
    data: { labels: OUTCOMES.map(([, label]) => label), datasets: [{ data: OUTCOMES.map(() => 0), backgroundColor: theme.outcomes, borderWidth: 1 }] },
    options: { animation, maintainAspectRatio: false, plugins: { legend: { position: 'right', labels: { color: theme.text } } } },
  });
}

function restyleCharts() {
  if (!charts.trend) return;
  const theme = chartTheme();
  const animation = reducedMotion.matches ? false : { duration: 300 };
  charts.trend.data.datasets.forEach((d, i) => { d.borderColor = theme.series[i]; d.backgroundColor = theme.series[i]; });
  for (const axis of Object.values(charts.trend.options.scales)) {
    axis.ticks.color = theme.text;
    if (axis.title) axis.title.color = theme.text;
    if (axis.grid && axis.grid.drawOnChartArea !== false) axis.grid.color = theme.grid;
  }
  charts.trend.options.plugins.legend.labels.color = theme.text;
  charts.outcomes.data.datasets[0].backgroundColor = theme.outcomes;
  charts.outcomes.options.plugins.legend.labels.color = theme.text;
  charts.trend.options.animation = animation;
  charts.outcomes.options.animation = animation;
  charts.trend.update('none');
  charts.outcomes.update('none');
}

// ---- renderers ------------------------------------------------------------------------------------------------------

function renderMetrics(message) {
  const d = message.data ?? {};
  setText($('[data-testid="kpi-active-calls"]'), format.integer(d.activeCalls));
  setText($('[data-testid="kpi-queue-depth"]'), format.integer(d.queueDepth));
  setText($('[data-testid="kpi-dialing-rate"]'), format.rate(d.dialingRate));
  setText($('[data-testid="kpi-total-attempts"]'), format.integer(d.totalAttempts));

  const label = format.time(d.computedAt ?? message.ts);
  if (charts.trend) {
    const { labels, datasets } = charts.trend.data;
    labels.push(label);
    datasets[0].data.push(isNumber(d.activeCalls) ? d.activeCalls : null);
    datasets[1].data.push(isNumber(d.dialingRate) ? d.dialingRate : null);
    while (labels.length > MAX_POINTS) {
      labels.shift();
      datasets.forEach(s => s.data.shift());
    }
    charts.trend.update('none');
  }
  $('#trend-chart').setAttribute('aria-label',
    `Line chart of active calls and dialing rate over the last ${MAX_POINTS} updates; at ${label}: ` +
    `${format.integer(d.activeCalls)} active calls, ${format.rate(d.dialingRate)} attempts per second.`);

  const counts = d.outcomeCounts ?? {};
  const values = OUTCOMES.map(([key]) => (isNumber(counts[key]) ? counts[key] : 0));
  if (charts.outcomes) {
    charts.outcomes.data.datasets[0].data = values;
    charts.outcomes.update('none');
  }
  const summary = OUTCOMES.map(([, name], i) => `${name} ${format.integer(values[i])}`).join(', ');
  $('#outcome-chart').setAttribute('aria-label', `Doughnut chart of call outcomes: ${summary}.`);
}

const CAMPAIGN_CELLS = [
  c => c.name || c.campaignId,
  c => c.status ?? NONE,
  c => format.integer(c.activeCalls),
  c => format.integer(c.queueDepth),
  c => format.integer(c.totalAttempts),
  c => format.percent(c.answerRate),
  c => format.percent(c.conversionRate),
];

// Updates rows in place (keyed by campaign id) so focus and selection survive the 1 s updates.
function renderCampaigns(message) {
  const campaigns = Array.isArray(message.data?.campaigns) ? message.data.campaigns : [];
  const body = $('[data-testid="campaign-table"] tbody');
  const existing = new Map([...body.querySelectorAll('tr[data-campaign-id]')].map(tr => [tr.dataset.campaignId, tr]));
  body.querySelector('.empty-row')?.remove();
  for (const campaign of campaigns) {
    let row = existing.get(campaign.campaignId);
    existing.delete(campaign.campaignId);
    if (!row) {
      row = document.createElement('tr');
      row.dataset.campaignId = campaign.campaignId;
      row.innerHTML = '<th scope="row"></th><td><span class="status"></span></td>' + '<td class="num"></td>'.repeat(5);
    }
    const cells = row.children;
    CAMPAIGN_CELLS.forEach((cell, i) => setText(i === 1 ? cells[1].firstElementChild : cells[i], cell(campaign)));
    cells[1].firstElementChild.className = `status status-${campaign.status ?? 'unknown'}`;
    body.appendChild(row);
  }
  existing.forEach(row => row.remove());
  if (campaigns.length === 0) {
    body.insertAdjacentHTML('beforeend', '<tr class="empty-row"><td colspan="7">No campaign data yet.</td></tr>');
  }
}

function renderSystem(message) {
  const section = $('[data-testid="system-health"]');
  if (!section) return;
  const d = message.data ?? {};
  const field = name => section.querySelector(`[data-field="${name}"]`);
  setText(field('node'), d.node ? `· ${d.node}` : '');
  setText(field('cpuPercent'), format.cpu(d.cpuPercent));
  setText(field('workingSetBytes'), format.bytes(d.workingSetBytes));
  setText(field('managedHeapBytes'), format.bytes(d.managedHeapBytes));
  setText(field('websocket'), format.integer(d.connections?.websocket));
  setText(field('sse'), format.integer(d.connections?.sse));
  setText(field('uptimeSeconds'), format.uptime(d.uptimeSeconds));
}

function render(message) {
  if (!message) return;
  switch (message.type) {
    case 'metrics_update': if (message.topic === 'metrics') renderMetrics(message); break;
    case 'campaigns_update': renderCampaigns(message); break;
    case 'system_health_update': renderSystem(message); break;
    default: break;  // call_event / active_calls_update: the KPIs come from the metrics snapshots
  }
  if (message.ts) {
    lastUpdate.dateTime = message.ts;
    setText(lastUpdate, format.time(message.ts));
  }
}

function showState(state) {
  badge.dataset.state = state;
  setText(badge, state === ConnectionState.Reconnecting && !everLive ? 'Connecting…' : STATE_LABELS[state] ?? state);
  if (state === ConnectionState.Live) everLive = true;
}

let errorTimer;
function showProblem({ code, message }) {
  errorBox.textContent = message ? `${message} (${code})` : code;
  errorBox.hidden = false;
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => { errorBox.hidden = true; }, 15000);
}

// ---- wiring ---------------------------------------------------------------------------------------------------------

createCharts();
for (const key of ['metrics', 'campaigns', 'system']) render(config.initial?.[key]);

const client = new RealtimeClient({ topics: config.topics });
// `?trace` records every delivered seq per topic, so browser tests can check "each message once, in order" across
// transport switches without depending on what the page happens to render.
const seen = new URLSearchParams(location.search).has('trace') ? {} : undefined;
client.addEventListener('state', e => showState(e.detail.state));
client.addEventListener('message', e => {
  const { topic, seq, type } = e.detail;
  if (seen && topic) (seen[topic] ??= []).push(type === 'resync' ? 'resync' : seq);
  render(e.detail);
});
client.addEventListener('problem', e => showProblem(e.detail));
client.addEventListener('unauthorized', () => location.assign('/signin'));
$('#refresh').addEventListener('click', () => client.refresh());
reducedMotion.addEventListener('change', restyleCharts);
darkScheme.addEventListener('change', restyleCharts);
window.addEventListener('pagehide', () => client.stop());
window.addEventListener('pageshow', e => { if (e.persisted) client.start(); });
client.start();

// For diagnostics in the browser console and for browser tests.
window.dashboard = { client, charts, seen };
