// The Wallboard's views (Pages/Wallboard.cshtml): draws the current view's figures into the nodes the page rendered once
// (a fixed pool of tiles and rows), so rotating all day never adds nodes. wallboard.js owns the state and the rotation.
import { format, setText, NONE } from './page-shell.js';
import { applyThreshold } from './thresholds.js';
import { serviceLevelText, setTicking } from './queue-view.js';
import { WAIT_METRIC, responsesText, setLongestWait } from './chat-view.js';
import { countTo } from './commerce-view.js';
import { labelsText, selectSeries, valueText } from './kpi-view.js';

export const QUEUE = 'queue:';
export const CAMPAIGNS = 'campaigns';
export const CHAT = 'chat';
export const COMMERCE = 'commerce';
export const KPIS = 'kpis';

const $ = selector => document.querySelector(selector);
const queueView = $('[data-testid="wb-queue-view"]');
const campaignsView = $('[data-testid="wb-campaigns-view"]');
const chatView = $('[data-testid="wb-chat-view"]');
const commerceView = $('[data-testid="wb-commerce-view"]');
const kpisView = $('[data-testid="wb-kpis-view"]');
const kpiTiles = [...kpisView.querySelectorAll('[data-testid="wb-kpi-tile"]')];
const revenueTiles = [...commerceView.querySelectorAll('[data-testid="wb-revenue-tile"]')];
const campaignRows = [...campaignsView.querySelectorAll('tbody tr')];

/** The KPI series the kpis view shows: those of `wanted` (Pages:Wallboard:Kpis) the tenant has, at most one per tile. */
export const kpiSeries = (state, wanted) => selectSeries(state.kpis?.series, wanted, kpiTiles.length);

function value(testid, text, metric, raw) {
  const el = $(`[data-testid="${testid}"]`);
  setText(el, text);
  if (metric) applyThreshold(el, metric, raw);
  return el;
}

function drawQueue(state, name) {
  const q = state.queues.find(x => x.queue === name);
  setText($('[data-testid="wb-kind"]'), 'Queue');
  setText($('[data-testid="wb-title"]'), name);
  value('wb-waiting', format.integer(q?.callsWaiting), 'callsWaiting', q?.callsWaiting);
  const longest = $('[data-testid="wb-longest-wait"]');
  longest.dataset.tickMetric = 'longestWaitSeconds';
  setTicking(longest, q?.longestWaitSeconds, state.queueReceivedAt);
  applyThreshold(longest, 'longestWaitSeconds', longest.dataset.seconds ? Number(longest.dataset.seconds) : null);
  value('wb-service-level', q ? serviceLevelText(q.serviceLevel, q.serviceLevelThresholdSeconds) : NONE, 'serviceLevel', q?.serviceLevel);
  setText($('[data-testid="wb-target"]'), q ? `target ${format.percent(q.serviceLevelTarget)}` : '');
  value('wb-asa', format.seconds(q?.asaSeconds), 'asaSeconds', q?.asaSeconds);
  value('wb-abandonment', format.percent(q?.abandonmentRate), 'abandonmentRate', q?.abandonmentRate);
  value('wb-available', format.integer(q?.agents?.available));
  value('wb-on-call', format.integer(q?.agents?.onCall));
}

function drawChat(state) {
  const d = state.chat;
  setText($('[data-testid="wb-kind"]'), 'Support');
  setText($('[data-testid="wb-title"]'), 'Chat');
  value('wb-chat-waiting', format.integer(d?.sessions?.waiting), 'chatWaiting', d?.sessions?.waiting);
  const longest = $('[data-testid="wb-chat-longest-wait"]');
  setLongestWait(longest, d);
  applyThreshold(longest, WAIT_METRIC, longest.dataset.seconds ? Number(longest.dataset.seconds) : null);
  value('wb-chat-active', format.integer(d?.sessions?.active));
  value('wb-chat-first-response', format.seconds(d?.firstResponseSeconds), 'chatFirstResponseSeconds', d?.firstResponseSeconds);
  value('wb-chat-csat', format.percent(d?.csat?.percent), 'csatPercent', d?.csat?.percent);
  setText($('[data-testid="wb-chat-csat-responses"]'), d ? responsesText(d.csat?.responses) : '');
}

function drawCommerce(state) {
  const d = state.commerce;
  setText($('[data-testid="wb-kind"]'), 'Shop');
  setText($('[data-testid="wb-title"]'), 'Commerce');
  setText($('[data-testid="wb-commerce-zone"]'), d?.timeZone || 'UTC');
  const revenue = Array.isArray(d?.revenue) ? d.revenue : [];
  revenueTiles.forEach((tile, i) => {
    const r = revenue[i];
    if (tile.hidden !== !r) tile.hidden = !r;
    if (!r) return;
    tile.dataset.currency = r.currency;
    setText(tile.querySelector('[data-field="currency"]'), r.currency);
    // The same currency counts to its new amount; another one in this tile is written at once.
    countTo(tile.querySelector('[data-field="today"]'), r.today, r.currency);
  });
  $('[data-testid="wb-revenue-none"]').hidden = revenue.length > 0;
  const u = d?.activeUsers;
  value('wb-active-now', format.integer(u?.current), 'commerceActiveUsers', u?.current);
  value('wb-active-today', format.integer(u?.today));
  value('wb-completed-today', format.integer(d?.transactionsToday?.completed));
  value('wb-conversion-today', format.percent(d?.content?.conversionRateToday), 'commerceConversionRate', d?.content?.conversionRateToday);
}

function drawKpis(state, wanted) {
  setText($('[data-testid="wb-kind"]'), 'Custom');
  setText($('[data-testid="wb-title"]'), 'KPIs');
  const series = kpiSeries(state, wanted);
  kpiTiles.forEach((tile, i) => {
    const s = series[i];
    if (tile.hidden !== !s) tile.hidden = !s;
    if (!s) return;
    tile.dataset.key = s.key;
    tile.dataset.stale = String(Boolean(s.stale));
    setText(tile.querySelector('[data-field="name"]'), s.name);
    setText(tile.querySelector('[data-field="labels"]'), Object.keys(s.labels ?? {}).length > 0 ? labelsText(s.labels) : '');
    setText(tile.querySelector('[data-field="value"]'), valueText(s.value));
    setText(tile.querySelector('[data-field="detail"]'), `${s.unit ?? ''}${s.stale ? ' · ▲ stale' : ''}`);
  });
  $('[data-testid="wb-kpis-empty"]').hidden = series.length > 0;
}

function drawCampaigns(state) {
  setText($('[data-testid="wb-kind"]'), 'Outbound');
  setText($('[data-testid="wb-title"]'), 'Campaigns');
  campaignRows.forEach((row, i) => {
    const c = state.campaigns[i];
    if (row.hidden !== !c) row.hidden = !c;
    if (!c) return;
    row.dataset.campaignId = c.campaignId;
    setText(row.cells[0], c.name || c.campaignId);
    setText(row.cells[1], format.integer(c.activeCalls));
    setText(row.cells[2], format.percent(c.answerRate));
    applyThreshold(row.cells[2], 'answerRate', c.answerRate);
    setText(row.cells[3], format.integer(c.queueDepth));
  });
  $('[data-testid="wb-campaigns-empty"]').hidden = state.campaigns.length > 0;
}

/** Draws `state.view` (wanted: Pages:Wallboard:Kpis), shows its section and hides the others; returns the section shown. */
export function drawView(state, wanted) {
  const view = state.view;
  const isQueue = view.startsWith(QUEUE);
  const isChat = view === CHAT;
  const isCommerce = view === COMMERCE;
  const isKpis = view === KPIS;
  if (isQueue) drawQueue(state, view.slice(QUEUE.length));
  else if (isChat) drawChat(state);
  else if (isCommerce) drawCommerce(state);
  else if (isKpis) drawKpis(state, wanted);
  else drawCampaigns(state);
  queueView.hidden = !isQueue;
  chatView.hidden = !isChat;
  commerceView.hidden = !isCommerce;
  kpisView.hidden = !isKpis;
  campaignsView.hidden = isQueue || isChat || isCommerce || isKpis;
  return isQueue ? queueView : isChat ? chatView : isCommerce ? commerceView : isKpis ? kpisView : campaignsView;
}
