// One campaign (Pages/Campaigns/Detail.cshtml): KPIs, outcomes (doughnut and table) and a history of active calls and
// dialing rate, live from `campaigns_update` on the `campaigns` topic and from GET /api/v1/campaigns/{id}/metrics on
// Refresh. Formats match Pages/Shell/Display.cs.
import { fetchJson, format, isNumber, NONE, readJson, setText, startPage } from './page-shell.js';
import { activeCallsChart, OUTCOMES, outcomeDoughnut } from './charts.js';
import { applyThreshold } from './thresholds.js';
import './table-export.js';

const $ = selector => document.querySelector(selector);
const initial = readJson('campaign-config', null);
const id = initial?.campaignId;
const field = name => $(`[data-field="${name}"]`);

const history = activeCallsChart($('#history-chart'), "the campaign's ");

const outcomes = outcomeDoughnut($('#outcome-chart'));

let lastPoint = null;
function render(c, ts) {
  if (!c) return;
  setText($('[data-testid="campaign-name"]'), c.name || c.campaignId);
  const status = field('status');
  setText(status, c.status ?? NONE);
  status.className = `status status-${c.status ?? 'unknown'}`;
  setText(field('activeCalls'), format.integer(c.activeCalls));
  setText(field('queueDepth'), format.integer(c.queueDepth));
  setText(field('dialingRate'), format.rate(c.dialingRate));
  setText(field('totalAttempts'), format.integer(c.totalAttempts));
  setText(field('answerRate'), format.percent(c.answerRate));
  applyThreshold(field('answerRate'), 'answerRate', c.answerRate);
  setText(field('answered'), format.integer(c.answered));
  setText(field('conversionRate'), format.percent(c.conversionRate));
  setText(field('converted'), format.integer(c.converted));
  setText(field('optOuts'), format.integer(c.optOuts));

  // One history point per computation (a Refresh may deliver the same one again).
  const at = c.computedAt ?? ts;
  if (at !== lastPoint) {
    lastPoint = at;
    history.push(format.time(at), [c.activeCalls, c.dialingRate]);
  }

  const counts = c.outcomeCounts ?? {};
  const values = OUTCOMES.map(([key]) => (isNumber(counts[key]) ? counts[key] : 0));
  const total = values.reduce((a, b) => a + b, 0);
  if (outcomes) {
    outcomes.data.datasets[0].data = values;
    outcomes.update('none');
  }
  const summary = OUTCOMES.map(([, name], i) => `${name} ${format.integer(values[i])}`).join(', ');
  $('#outcome-chart').setAttribute('aria-label', `Doughnut chart of the campaign's call outcomes: ${summary}.`);
  OUTCOMES.forEach(([key], i) => {
    const row = $(`[data-testid="outcomes-table"] tr[data-outcome="${key}"]`);
    if (!row) return;
    setText(row.cells[1], format.integer(values[i]));
    setText(row.cells[2], format.percent(total > 0 ? values[i] / total : null));
  });
}

render(initial);

const { client } = startPage({
  topics: id ? ['campaigns'] : [],
  onMessage(message) {
    if (message.type !== 'campaigns_update') return;
    const campaign = (message.data?.campaigns ?? []).find(c => c.campaignId === id);
    if (campaign) render(campaign, message.ts);
  },
  async onRefresh() {
    render(await fetchJson(`/api/v1/campaigns/${encodeURIComponent(id)}/metrics`));
  },
});

// For diagnostics in the browser console and for browser tests.
window.dashboard = { client, charts: { history: history.chart, outcomes } };
