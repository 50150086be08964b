// The overview page (Pages/Index.cshtml): renders the server's first view data, then keeps KPI cards, charts, the
// campaign table, the chat cards (shown while the tenant has chat data), the commerce cards (while it has commerce data)
// and system health live through the page shell. Formats match Pages/OverviewSnapshot.cs.
import { computedAtMs, fetchJson, format, isCurrent, isNumber, NONE, readJson, setText, startPage } from './page-shell.js';
import { activeCallsChart, OUTCOMES, outcomeDoughnut } from './charts.js';
import { applyThreshold } from './thresholds.js';
import './table-export.js';
import { startTicker } from './queue-view.js';
import { WAIT_METRIC, hasChatData, setLongestWait } from './chat-view.js';
import { hasCommerceData, money, todayLabel } from './commerce-view.js';

const $ = selector => document.querySelector(selector);
const config = readJson('overview-config');

// ---- charts ---------------------------------------------------------------------------------------------------------

const trend = activeCallsChart($('#trend-chart'), '');

const outcomes = outcomeDoughnut($('#outcome-chart'));
const charts = { trend: trend.chart, outcomes };

// ---- renderers ------------------------------------------------------------------------------------------------------

function renderMetrics(message) {
  const d = message.data ?? {};
  document.querySelectorAll('.kpi-value.skeleton').forEach(el => el.classList.remove('skeleton'));
  setText($('[data-testid="kpi-active-calls"]'), format.integer(d.activeCalls));
  setText($('[data-testid="kpi-queue-depth"]'), format.integer(d.queueDepth));
  setText($('[data-testid="kpi-dialing-rate"]'), format.rate(d.dialingRate));
  setText($('[data-testid="kpi-total-attempts"]'), format.integer(d.totalAttempts));

  trend.push(format.time(d.computedAt ?? message.ts), [d.activeCalls, d.dialingRate]);

  const counts = d.outcomeCounts ?? {};
  const values = OUTCOMES.map(([key]) => (isNumber(counts[key]) ? counts[key] : 0));
  if (outcomes) {
    outcomes.data.datasets[0].data = values;
    outcomes.update('none');
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
const ANSWER_RATE = 5;

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
    applyThreshold(cells[ANSWER_RATE], 'answerRate', campaign.answerRate);
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
  setText(field('cpuPercent'), format.percentValue(d.cpuPercent));
  applyThreshold(field('cpuPercent'), 'cpuPercent', d.cpuPercent);
  setText(field('workingSetBytes'), format.bytes(d.workingSetBytes));
  setText(field('managedHeapBytes'), format.bytes(d.managedHeapBytes));
  setText(field('websocket'), format.integer(d.connections?.websocket));
  setText(field('sse'), format.integer(d.connections?.sse));
  setText(field('uptimeSeconds'), format.uptime(d.uptimeSeconds));
}

let chatShown = null;
function renderChat(message) {
  const d = message.data;
  if (!d || !isCurrent(d, computedAtMs(chatShown))) return;
  chatShown = d;
  const section = $('[data-testid="overview-chat"]');
  section.hidden = !hasChatData(d);
  const card = (id, text, metric, value) => {
    const el = section.querySelector(`[data-testid="${id}"]`);
    setText(el, text);
    if (metric) applyThreshold(el, metric, value);
  };
  card('ov-chat-waiting', format.integer(d.sessions?.waiting), 'chatWaiting', d.sessions?.waiting);
  const longest = section.querySelector('[data-testid="ov-chat-longest-wait"]');
  setLongestWait(longest, d);
  applyThreshold(longest, WAIT_METRIC, longest.dataset.seconds ? Number(longest.dataset.seconds) : null);
  card('ov-chat-active', format.integer(d.sessions?.active));
  card('ov-chat-first-response', format.seconds(d.firstResponseSeconds), 'chatFirstResponseSeconds', d.firstResponseSeconds);
  card('ov-chat-csat', format.percent(d.csat?.percent), 'csatPercent', d.csat?.percent);
}

let commerceShown = null;
// One revenue card per currency (keyed, in the payload's order) before the fixed cards.
function renderCommerce(message) {
  const d = message.data;
  if (!d || !isCurrent(d, computedAtMs(commerceShown))) return;
  commerceShown = d;
  const section = $('[data-testid="overview-commerce"]');
  section.hidden = !hasCommerceData(d);
  setText(section.querySelector('[data-testid="ov-commerce-today"]'), todayLabel(d.timeZone));
  const cards = section.querySelector('[data-testid="ov-commerce-cards"]');
  const first = section.querySelector('[data-testid="ov-active-now"]').closest('.kpi');
  const existing = new Map([...cards.querySelectorAll('[data-testid="ov-revenue"]')].map(c => [c.dataset.currency, c]));
  for (const r of Array.isArray(d.revenue) ? d.revenue : []) {
    let card = existing.get(r.currency);
    existing.delete(r.currency);
    if (!card) {
      card = document.createElement('article');
      card.className = 'kpi';
      card.dataset.testid = 'ov-revenue';
      card.dataset.currency = r.currency;
      card.innerHTML = '<h3 class="kpi-label"></h3><p class="kpi-value ov-money" data-field="today" aria-live="polite" aria-atomic="true"></p><p class="kpi-unit">completed, refunds taken out</p>';
      card.querySelector('h3').textContent = `Revenue today · ${r.currency}`;
    }
    setText(card.querySelector('[data-field="today"]'), money(r.today, r.currency));
    cards.insertBefore(card, first);
  }
  existing.forEach(card => card.remove());
  const card = (id, text, metric, value) => {
    const el = section.querySelector(`[data-testid="${id}"]`);
    setText(el, text);
    if (metric) applyThreshold(el, metric, value);
  };
  card('ov-active-now', format.integer(d.activeUsers?.current), 'commerceActiveUsers', d.activeUsers?.current);
  card('ov-completed-today', format.integer(d.transactionsToday?.completed));
  card('ov-conversion-today', format.percent(d.content?.conversionRateToday), 'commerceConversionRate', d.content?.conversionRateToday);
}

function render(message) {
  if (!message) return;
  switch (message.type) {
    case 'metrics_update': if (message.topic === 'metrics') renderMetrics(message); break;
    case 'campaigns_update': renderCampaigns(message); break;
    case 'chat_update': renderChat(message); break;
    case 'commerce_update': renderCommerce(message); break;
    case 'system_health_update': renderSystem(message); break;
    default: break;  // call_event / active_calls_update: the KPIs come from the metrics snapshots
  }
}

// ---- wiring ---------------------------------------------------------------------------------------------------------

for (const key of ['metrics', 'campaigns', 'system']) render(config.initial?.[key]);
render(readJson('overview-chat-config', null));
render(readJson('overview-commerce-config', null));
// The longest chat wait ticks between updates; its threshold follows the value shown.
startTicker($('[data-testid="overview-chat"]'), () => {
  const longest = $('[data-testid="ov-chat-longest-wait"]');
  if (longest.dataset.seconds) applyThreshold(longest, WAIT_METRIC, Number(longest.dataset.seconds));
});

// `?trace` records every delivered seq per topic, so browser tests can check "each message once, in order" across
// transport switches without depending on what the page happens to render.
const seen = new URLSearchParams(location.search).has('trace') ? {} : undefined;
const { client } = startPage({
  topics: config.topics,
  onMessage(message) {
    const { topic, seq, type } = message;
    if (seen && topic) (seen[topic] ??= []).push(type === 'resync' ? 'resync' : seq);
    render(message);
  },
  // Besides the client's snapshot refresh: the state topics over REST, so Refresh works (and reports failures)
  // whatever the connection is doing. Metrics are left to the client: a second copy would add a chart point.
  async onRefresh() {
    const topics = config.topics.filter(t => t === 'campaigns' || t === 'chat' || t === 'commerce' || t === 'system');
    const snapshots = await Promise.all(topics.map(t => fetchJson(`/api/v1/snapshots/${t}`)));
    snapshots.forEach(render);
  },
});

// For diagnostics in the browser console and for browser tests.
window.dashboard = { client, charts, seen };
