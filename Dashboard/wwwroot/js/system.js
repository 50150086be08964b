// The System page (Pages/System.cshtml, admin only): node health, connections by transport, realtime throughput,
// readiness checks and job lag from `system_health_update` on the `system` topic. Formats match
// Pages/SystemPage/SystemSnapshot.cs, which rendered the first view.
import { fetchJson, format, isNumber, NONE, readJson, setText, startPage } from './page-shell.js';
import { HistoryChart } from './charts.js';
import { applyThreshold } from './thresholds.js';
import './table-export.js';

const $ = selector => document.querySelector(selector);
const config = readJson('system-config');

// Lags and run times are mostly milliseconds: "0.012 s" says more than "0:00".
const secs = v => (isNumber(v) ? `${v.toFixed(3)} s` : NONE);
const mib = v => (isNumber(v) ? v / 1048576 : null);

// ---- charts ---------------------------------------------------------------------------------------------------------

const resources = new HistoryChart($('#resources-chart'), {
  series: [
    { label: 'CPU (%)', axis: 'y' },
    { label: 'Working set (MiB)', axis: 'y1' },
    { label: 'Managed heap (MiB)', axis: 'y1' },
  ],
  axes: {
    x: { ticks: { maxTicksLimit: 6 }, grid: {} },
    y: { beginAtZero: true, suggestedMax: 100, position: 'left', title: { display: true, text: 'CPU %' }, ticks: {}, grid: {} },
    y1: { beginAtZero: true, position: 'right', title: { display: true, text: 'MiB' }, ticks: {}, grid: { drawOnChartArea: false } },
  },
  describe: (label, [cpu, ws, heap], points) =>
    `Line chart of CPU and memory over the last ${points} samples; at ${label}: CPU ${format.percentValue(cpu)}, ` +
    `working set ${format.rate(ws)} MiB, managed heap ${format.rate(heap)} MiB.`,
});

const throughput = new HistoryChart($('#throughput-chart'), {
  series: [
    { label: 'Sent (messages/s)', color: p => p.series[0] },
    { label: 'Dropped (messages/s)', color: p => p.outcome('failed') },
    { label: 'Snapshot reads (/s)', color: p => p.series[2] },
  ],
  describe: (label, [sent, dropped, polls], points) =>
    `Line chart of realtime throughput over the last ${points} samples; at ${label}: ${format.rate(sent)} messages sent ` +
    `per second, ${format.rate(dropped)} dropped per second, ${format.rate(polls)} snapshot reads per second.`,
});

// ---- rendering ------------------------------------------------------------------------------------------------------

// Rows keyed by node: with a clustered scheduler each sample comes from whichever node fired the job.
const nodes = new Map();

function upsertRow(body, key, attr, cells, build) {
  let row = body.querySelector(`tr[${attr}="${CSS.escape(key)}"]`);
  if (!row) {
    body.querySelectorAll('.empty-row, .skeleton-row').forEach(r => r.remove());
    row = document.createElement('tr');
    row.setAttribute(attr, key);
    row.innerHTML = build;
    body.appendChild(row);
  }
  cells.forEach((text, i) => setText(row.children[i], text));
  return row;
}

function renderNode(d, ts) {
  nodes.set(d.node, ts);
  const row = upsertRow($('[data-testid="node-table"] tbody'), d.node ?? NONE, 'data-node', [
    d.node ?? NONE, d.version ?? NONE, format.percentValue(d.cpuPercent), format.bytes(d.workingSetBytes),
    format.bytes(d.managedHeapBytes), format.uptime(d.uptimeSeconds), format.time(ts),
  ], '<th scope="row"></th><td></td>' + '<td class="num"></td>'.repeat(5));
  applyThreshold(row.children[2], 'cpuPercent', d.cpuPercent);
  setText($('[data-field="nodes"]'), format.integer(nodes.size));
}

function renderTransports(d) {
  const body = $('[data-testid="transport-table"] tbody');
  const rates = d.realtime?.transports ?? {};
  for (const [key, label] of [['websocket', 'WebSocket'], ['sse', 'SSE']]) {
    upsertRow(body, key, 'data-transport', [
      label, format.integer(d.connections?.[key]), format.rate(rates[key]?.sentPerSecond), format.rate(rates[key]?.droppedPerSecond),
    ], '<th scope="row"></th>' + '<td class="num"></td>'.repeat(3));
  }
  upsertRow(body, 'polling', 'data-transport', ['Polling', NONE, format.rate(d.realtime?.pollsPerSecond), NONE],
    '<th scope="row"></th>' + '<td class="num"></td>'.repeat(3));
}

function renderReadiness(readiness) {
  const el = $('[data-field="readiness"]');
  setText(el, readiness?.status ?? NONE);
  if (readiness?.status) el.dataset.level = readiness.status === 'healthy' ? 'ok' : readiness.status === 'degraded' ? 'warning' : 'critical';
  const body = $('[data-testid="readiness-table"] tbody');
  for (const check of readiness?.checks ?? []) {
    const row = upsertRow(body, check.name, 'data-check', [
      check.name, check.status, isNumber(check.durationMs) ? `${check.durationMs.toFixed(1)} ms` : NONE, check.description ?? '',
    ], '<th scope="row"></th><td></td><td class="num"></td><td></td>');
    row.children[1].dataset.level = check.status === 'healthy' ? 'ok' : check.status === 'degraded' ? 'warning' : 'critical';
  }
}

function renderJobs(jobs) {
  const body = $('[data-testid="job-lag-table"] tbody');
  for (const job of jobs ?? []) {
    const row = upsertRow(body, job.job, 'data-job', [
      job.job, secs(job.lagSeconds), secs(job.meanLagSeconds), format.integer(job.runs), format.integer(job.failures),
      secs(job.meanDurationSeconds),
    ], '<th scope="row"></th>' + '<td class="num"></td>'.repeat(5));
    applyThreshold(row.children[1], 'jobLagSeconds', job.lagSeconds);
    applyThreshold(row.children[2], 'jobLagSeconds', job.meanLagSeconds);
    row.children[4].dataset.level = job.failures > 0 ? 'warning' : 'ok';
  }
}

let lastTs = null;
function render(message) {
  if (message?.type !== 'system_health_update') return;
  // A snapshot after a reconnect or Refresh repeats the newest sample: one chart point per sample.
  const ts = message.data?.computedAt ?? message.ts;
  const d = message.data ?? {};
  document.querySelectorAll('.kpi-value.skeleton').forEach(el => el.classList.remove('skeleton'));
  renderNode(d, ts);
  renderTransports(d);
  renderReadiness(d.readiness);
  renderJobs(d.jobs);
  setText($('[data-field="sentPerSecond"]'), format.rate(d.realtime?.sentPerSecond));
  setText($('[data-field="droppedPerSecond"]'), format.rate(d.realtime?.droppedPerSecond));
  if (ts === lastTs) return;
  lastTs = ts;
  const label = format.time(ts);
  resources.push(label, [d.cpuPercent, mib(d.workingSetBytes), mib(d.managedHeapBytes)]);
  throughput.push(label, [d.realtime?.sentPerSecond, d.realtime?.droppedPerSecond, d.realtime?.pollsPerSecond]);
}

// ---- wiring ---------------------------------------------------------------------------------------------------------

render(config.initial);

const { client } = startPage({
  topics: ['system'],
  onMessage: render,
  // The newest sample over REST too, so Refresh works (and reports failures) whatever the connection is doing.
  async onRefresh() { render(await fetchJson('/api/v1/snapshots/system')); },
});

window.dashboard = { client, charts: { resources: resources.chart, throughput: throughput.chart } };
