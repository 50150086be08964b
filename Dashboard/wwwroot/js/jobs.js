// The Jobs page (Pages/Jobs.cshtml, docs/pages.md): polls /api/v1/jobs every few seconds — job state lives in Quartz's
// tables, not on a realtime topic — counts each next run down live, charts the selected job's run durations and lists
// its failures; admins pause, resume and trigger jobs, each action confirmed by re-reading the job.
import { startPage, fetchJson, toast, showError, clearError, setText, readJson, format, NONE } from './page-shell.js';
import { chartsAvailable, css, historyPoints, onThemeChange, styleAxes } from './charts.js';
import { enhanceTables } from './table-export.js';

const POLL_MS = 3000;
const table = document.querySelector('[data-testid="jobs-table"]');
const failuresBody = document.querySelector('[data-testid="failures-table"] tbody');
const selectedLabel = document.querySelector('[data-testid="selected-job"]');
const canvas = document.getElementById('duration-chart');
const isAdmin = table.dataset.admin === 'true';
const outcomeColour = outcome => css(`--job-${outcome}`) || css('--text-muted');

let jobs = new Map();
let skewMs = 0; // server clock − browser clock, so countdowns follow the scheduler's time
let selected = null;

// ---- table ---------------------------------------------------------------------------------------------------------

function cell(row, field) { return row.querySelector(`[data-field="${field}"]`); }

function setTime(td, iso) {
  let time = td.querySelector('time');
  if (!time) { time = document.createElement('time'); td.replaceChildren(time); }
  time.dateTime = iso ?? '';
  td.dataset.csvValue = iso ?? '';
  setText(time, iso ? format.time(iso) : NONE);
}

function rowFor(job) {
  let row = table.tBodies[0].querySelector(`tr[data-job="${CSS.escape(job.name)}"]`);
  if (row) return row;
  table.tBodies[0].querySelectorAll('.skeleton-row, .empty-row').forEach(r => r.remove());
  row = document.createElement('tr');
  row.dataset.job = job.name;
  row.innerHTML = `<th scope="row"><button type="button" class="link-button" data-action="select"></button></th>
    <td data-field="schedule"></td><td data-field="state"><span class="job-state"></span></td><td data-field="lastRun"></td>
    <td data-field="outcome"><span class="job-outcome"></span></td><td data-field="nextRun"></td>
    <td data-field="duration" class="num"></td><td data-field="runs" class="num"></td><td data-field="failures" class="num"></td>`
    + (isAdmin ? `<td class="job-actions" data-csv-value=""><button type="button" data-action="pause">Pause</button>
    <button type="button" data-action="resume">Resume</button><button type="button" data-action="trigger">Trigger now</button></td>` : '');
  const name = row.querySelector('[data-action="select"]');
  name.textContent = job.name;
  name.setAttribute('aria-label', `Show history of ${job.name}`);
  table.tBodies[0].append(row);
  return row;
}

function renderJob(job) {
  jobs.set(job.name, job);
  const row = rowFor(job);
  row.dataset.state = job.state;
  row.querySelector('[data-action="select"]').title = job.description ?? '';
  setText(cell(row, 'schedule'), job.schedule.text);
  const state = cell(row, 'state').firstElementChild;
  state.dataset.state = job.state;
  setText(state, job.pause?.by ? `${job.state} (by ${job.pause.by})` : job.state);
  setTime(cell(row, 'lastRun'), job.lastRun?.firedAt);
  const outcome = cell(row, 'outcome').firstElementChild;
  outcome.dataset.outcome = job.lastRun?.outcome ?? '';
  setText(outcome, job.lastRun ? (job.lastRun.manual ? `${job.lastRun.outcome} (manual)` : job.lastRun.outcome) : NONE);
  if (job.lastRun?.error) outcome.title = job.lastRun.error; else outcome.removeAttribute('title');
  const next = cell(row, 'nextRun');
  next.dataset.csvValue = job.nextRunAt ?? '';
  next.dataset.next = job.nextRunAt ?? '';
  setText(cell(row, 'duration'), job.lastRun ? job.lastRun.durationMs.toFixed(1) : NONE);
  setText(cell(row, 'runs'), format.integer(job.runCount));
  setText(cell(row, 'failures'), format.integer(job.failureCount));
  cell(row, 'failures').dataset.level = job.consecutiveFailures > 0 ? 'critical' : job.failureCount > 0 ? 'warning' : 'ok';
  if (isAdmin) {
    row.querySelector('[data-action="pause"]').hidden = job.state === 'paused';
    row.querySelector('[data-action="resume"]').hidden = job.state !== 'paused';
  }
}

function countdown() {
  const now = Date.now() + skewMs;
  for (const td of table.querySelectorAll('[data-field="nextRun"]')) {
    const iso = td.dataset.next;
    let text = NONE;
    if (iso) {
      const seconds = Math.max(0, Math.round((Date.parse(iso) - now) / 1000));
      text = seconds === 0 ? 'due now' : `in ${format.seconds(seconds)}`;
    }
    let time = td.querySelector('time');
    if (!time) { time = document.createElement('time'); td.replaceChildren(time); }
    time.dateTime = iso ?? '';
    setText(time, text);
  }
}

function renderReport(report) {
  if (!report) return;
  skewMs = Date.parse(report.generatedAt) - Date.now();
  report.jobs.forEach(renderJob);
  selected ??= report.jobs[0]?.name ?? null;
  markSelected();
  countdown();
}

// ---- selected job: duration chart and failures ---------------------------------------------------------------------

let chart = null;
if (chartsAvailable(canvas)) {
  chart = new globalThis.Chart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: [{ label: 'Duration (ms)', data: [], backgroundColor: [], maxBarThickness: 24 }] },
    options: {
      scales: { x: { ticks: { maxTicksLimit: 6 }, grid: {} }, y: { beginAtZero: true, title: { display: true, text: 'ms' }, ticks: {}, grid: {} } },
      plugins: { legend: { display: false, labels: {} } },
    },
  });
  styleAxes(chart);
  onThemeChange(p => {
    styleAxes(chart, p);
    chart.data.datasets[0].backgroundColor = (chart.$outcomes ?? []).map(outcomeColour);
    chart.update('none');
  });
}

function markSelected() {
  for (const row of table.tBodies[0].rows) {
    if (row.dataset.job) row.setAttribute('aria-selected', String(row.dataset.job === selected));
  }
  setText(selectedLabel, selected ?? NONE);
}

function renderDetail(detail) {
  const runs = detail.runs.slice(0, historyPoints).reverse(); // the last Pages:ChartHistoryPoints runs, oldest left
  if (chart) {
    chart.data.labels = runs.map(r => format.time(r.firedAt));
    chart.data.datasets[0].data = runs.map(r => r.durationMs);
    chart.$outcomes = runs.map(r => r.outcome);
    chart.data.datasets[0].backgroundColor = chart.$outcomes.map(outcomeColour);
    chart.update('none');
  }
  const durations = runs.map(r => r.durationMs);
  const failed = runs.filter(r => r.outcome === 'failed').length;
  canvas.setAttribute('aria-label', runs.length === 0
    ? `Bar chart of ${detail.job.name}'s run durations; no run recorded yet.`
    : `Bar chart of ${detail.job.name}'s last ${runs.length} run durations: latest ${durations.at(-1).toFixed(1)} ms, `
      + `longest ${Math.max(...durations).toFixed(1)} ms, ${failed} failed.`);

  const rows = detail.failures.map(f => {
    const tr = document.createElement('tr');
    const fired = document.createElement('td');
    fired.dataset.csvValue = f.firedAt;
    fired.innerHTML = '<time></time>';
    fired.firstChild.dateTime = f.firedAt;
    fired.firstChild.textContent = format.dateTime(f.firedAt);
    const node = document.createElement('td');
    node.textContent = f.node;
    const duration = document.createElement('td');
    duration.className = 'num';
    duration.textContent = f.durationMs.toFixed(1);
    const error = document.createElement('td');
    error.className = 'failure-error';
    error.textContent = f.error ?? NONE;
    tr.append(fired, node, duration, error);
    return tr;
  });
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    tr.className = 'empty-row';
    tr.innerHTML = '<td colspan="4">No failed run recorded.</td>';
    rows.push(tr);
  }
  failuresBody.replaceChildren(...rows);
}

async function loadDetail() {
  if (!selected) return;
  const detail = await fetchJson(`/api/v1/jobs/${encodeURIComponent(selected)}`);
  renderJob(detail.job);
  renderDetail(detail);
}

// ---- admin actions ---------------------------------------------------------------------------------------------------

const ACTIONS = {
  pause: { verb: 'Paused', expect: job => job.state === 'paused' },
  resume: { verb: 'Resumed', expect: job => job.state !== 'paused' },
  trigger: { verb: 'Triggered', expect: () => true },
};

async function act(name, action, button) {
  button.disabled = true;
  try {
    await fetchJson(`/api/v1/jobs/${encodeURIComponent(name)}/${action}`, { method: 'POST' });
    // Confirm by re-reading the job rather than trusting the answer.
    const detail = await fetchJson(`/api/v1/jobs/${encodeURIComponent(name)}`);
    renderJob(detail.job);
    if (name === selected) renderDetail(detail);
    if (!ACTIONS[action].expect(detail.job)) throw new Error(`${name} is ${detail.job.state} after ${action}`);
    toast(action === 'trigger' ? `Triggered ${name}: it runs on one node now.` : `${ACTIONS[action].verb} ${name}.`, 'info');
    // Keep focus on a usable control: the button pressed may have been hidden by the new state.
    const row = button.closest('tr');
    if (button.hidden) row.querySelector(`[data-action="${action === 'pause' ? 'resume' : 'pause'}"]`)?.focus();
  } catch (error) {
    const text = `Could not ${action} ${name}: ${error.message}`;
    showError(text);
    toast(text, 'critical');
  } finally {
    button.disabled = false;
  }
}

table.addEventListener('click', event => {
  const button = event.target.closest('button[data-action]');
  const name = button?.closest('tr')?.dataset.job;
  if (!button || !name) return;
  if (button.dataset.action === 'select') {
    selected = name;
    markSelected();
    loadDetail().catch(error => showError(`Could not load ${name}: ${error.message}`));
  } else {
    void act(name, button.dataset.action, button);
  }
});

// ---- start ---------------------------------------------------------------------------------------------------------

renderReport(readJson('jobs-data', null));
enhanceTables(document);
const load = async () => {
  renderReport(await fetchJson('/api/v1/jobs'));
  await loadDetail();
};
// Refresh (the button) is the shell's: it clears the banner on success. The periodic poll clears only its own error,
// so an action's failure stays readable until the user refreshes.
const { refresh, touch } = startPage({ topics: [], onRefresh: load });
let pollFailed = false;
async function poll() {
  try {
    await load();
    touch();
    if (pollFailed) { clearError(); pollFailed = false; }
  } catch (error) {
    pollFailed = true;
    showError(`Could not read the jobs: ${error.message}`);
  }
}
// No realtime topic carries job state (it is Quartz's, in PostgreSQL): the page polls, and says so.
const badge = document.querySelector('[data-testid="connection-state"]');
if (badge) { badge.dataset.state = 'polling'; setText(badge, `Polling (${POLL_MS / 1000} s)`); }
setInterval(countdown, 1000);
setInterval(() => { void poll(); }, POLL_MS);
void refresh();
window.dashboard = { chart, refresh, jobs };
