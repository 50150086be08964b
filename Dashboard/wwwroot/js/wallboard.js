// The Wallboard (Pages/Wallboard.cshtml): one view per queue ("queue:<name>"), one for chat ("chat", while the
// tenant has chat data), one for commerce ("commerce", while it has commerce data), one for the custom KPIs of
// Pages:Wallboard:Kpis ("kpis", while the tenant has one of them) and one for the campaigns ("campaigns"), rotated every Pages:WallboardRotateSeconds; ?view= pins one; Space pauses, arrows step. Built to be
// left on a TV all day: one 1 s timer does clock, rotation, ticking and the stale check; every view is drawn into the
// same nodes by wallboard-views.js, so nothing grows; the shared RealtimeClient reconnects by itself. This file owns
// the state, the rotation and the data; wallboard-alerts.js draws the firing alerts above the rotation.
import { computedAtMs, fetchJson, format, isCurrent, readJson, setText, startPage } from './page-shell.js';
import { applyThreshold } from './thresholds.js';
import { startTicker } from './queue-view.js';
import { WAIT_METRIC, hasChatData } from './chat-view.js';
import { hasCommerceData } from './commerce-view.js';
import { CAMPAIGNS, CHAT, COMMERCE, KPIS, QUEUE, drawView, kpiSeries as viewSeries } from './wallboard-views.js';
import { startWallboardAlerts } from './wallboard-alerts.js';
import { NOTIFICATIONS_TOPIC } from './notification-centre.js';

const $ = selector => document.querySelector(selector);
const initial = readJson('wallboard-config');
const pageConfig = readJson('page-config');
const board = $('[data-testid="wallboard"]');
// Pages:Wallboard:Kpis: series keys or names; none configured, no kpis view (and no kpis subscription).
const wantedKpis = Array.isArray(pageConfig.wallboardKpis) ? pageConfig.wallboardKpis : [];

const rotateMs = Math.max(3, Number(pageConfig.wallboardRotateSeconds) || 15) * 1000;
// The board re-reads its figures over REST this often even when the connection is quiet (a quiet tenant gets no
// messages: snapshots are published on change), so "nothing arrived for 3 intervals" really means stale data.
const REFRESH_MS = 30_000;
const STALE_AFTER_MS = 3 * REFRESH_MS;

const state = {
  queues: [],             // queue_updated's queues, by name
  campaigns: [],          // campaigns_update's campaigns
  chat: null,             // chat_update's payload
  commerce: null,         // commerce_update's payload
  kpis: null,             // kpis_update's payload
  view: board.dataset.view,
  pinned: board.dataset.pinned || null,
  paused: false,
  nextAt: Date.now() + rotateMs,
  lastDataAt: Date.now(),
  queueReceivedAt: Date.now(),
};

/**
 * Every view, in rotation order: the queues by name, chat (when the tenant has chat data), commerce (when it has
 * commerce data), then the campaigns (when there are any).
 */
function views() {
  const list = state.queues.map(q => QUEUE + q.queue);
  if (hasChatData(state.chat)) list.push(CHAT);
  if (hasCommerceData(state.commerce)) list.push(COMMERCE);
  if (kpiSeries().length > 0) list.push(KPIS);
  if (state.campaigns.length > 0 || list.length === 0) list.push(CAMPAIGNS);
  return list;
}

const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');
const kpiSeries = () => viewSeries(state, wantedKpis);

function draw(changedView) {
  const shown = drawView(state, wantedKpis);
  board.dataset.view = state.view;
  // A short fade between views, none at all under prefers-reduced-motion.
  if (changedView && !reducedMotion.matches) {
    shown.classList.remove('wb-enter');
    void shown.offsetWidth;
    shown.classList.add('wb-enter');
  }
  const list = views();
  const index = list.indexOf(state.view);
  setText($('[data-testid="wb-position"]'),
    state.pinned ? 'Pinned' : `${index + 1} / ${list.length}${state.paused ? ' · paused' : ''}`);
}

// ---- rotation -------------------------------------------------------------------------------------------------------

function go(step) {
  const list = views();
  const index = list.indexOf(state.view);
  state.view = list[((index < 0 ? -1 : index) + step + list.length) % list.length];
  state.nextAt = Date.now() + rotateMs;
  draw(true);
}

const pauseButton = $('[data-testid="wb-pause"]');
function setPaused(paused) {
  state.paused = paused;
  state.nextAt = Date.now() + rotateMs;
  pauseButton.setAttribute('aria-pressed', String(paused));
  setText(pauseButton, paused ? 'Resume' : 'Pause');
  board.dataset.paused = String(paused);
  draw(false);
}
pauseButton.addEventListener('click', () => setPaused(!state.paused));
if (state.pinned) pauseButton.hidden = true;

document.addEventListener('keydown', e => {
  if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest?.('button, input, select, textarea, a')) return;
  if ((e.key === ' ' || e.key === 'p' || e.key === 'P') && !state.pinned) { e.preventDefault(); setPaused(!state.paused); }
  else if (e.key === 'ArrowRight') go(1);
  else if (e.key === 'ArrowLeft') go(-1);
});

// ---- data -----------------------------------------------------------------------------------------------------------

function render(message) {
  if (!message) return;
  if (message.type === 'queue_updated') {
    state.queues = Array.isArray(message.data?.queues) ? message.data.queues : [];
    state.queueReceivedAt = Date.now();
  } else if (message.type === 'campaigns_update') {
    state.campaigns = Array.isArray(message.data?.campaigns) ? message.data.campaigns : [];
  } else if (message.type === 'chat_update') {
    // A late REST answer must not replace a newer stream update.
    if (!message.data || !isCurrent(message.data, computedAtMs(state.chat))) return;
    state.chat = message.data;
  } else if (message.type === 'commerce_update') {
    if (!message.data || !isCurrent(message.data, computedAtMs(state.commerce))) return;
    state.commerce = message.data;
  } else if (message.type === 'kpis_update') {
    if (!message.data || !isCurrent(message.data, computedAtMs(state.kpis))) return;
    state.kpis = message.data;
  } else {
    return;
  }
  state.lastDataAt = Date.now();
  // A view whose queue is gone leaves the rotation at its next step; another view gone (every view name is campaigns,
  // chat, commerce, kpis or queue:{name}) gives way at once; a pinned view stays.
  if (!state.pinned && !views().includes(state.view) && !state.view.startsWith(QUEUE)) state.view = views()[0];
  draw(false);
}

render(initial.queue);
render(initial.campaigns);
render(readJson('wallboard-chat', null));
render(readJson('wallboard-commerce', null));
render(readJson('wallboard-kpis', null));
draw(false);

const stale = $('[data-testid="stale-warning"]');
const clock = $('[data-testid="wb-clock"]');
const session = $('[data-testid="wb-session"]');
const sessionEnds = Date.parse(session.dataset.ends);
setText(session.querySelector('time'), format.time(session.dataset.ends));

const alerts = startWallboardAlerts();

startTicker(board, now => {
  alerts.tick(now);
  setText(clock, new Date(now).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
  const longest = $('[data-testid="wb-longest-wait"]');
  if (longest.dataset.seconds) applyThreshold(longest, 'longestWaitSeconds', Number(longest.dataset.seconds));
  const chatLongest = $('[data-testid="wb-chat-longest-wait"]');
  if (chatLongest.dataset.seconds) applyThreshold(chatLongest, WAIT_METRIC, Number(chatLongest.dataset.seconds));
  if (!state.pinned && !state.paused && now >= state.nextAt) go(1);
  const isStale = now - state.lastDataAt > STALE_AFTER_MS;
  if (stale.hidden === isStale) stale.hidden = !isStale;
  if (isStale) setText(stale, `⚠ No new data since ${format.time(new Date(state.lastDataAt))}: figures may be out of date.`);
  // The cookie session ends at the sign-in token's exp: say so an hour ahead, so someone opens a new wallboard link.
  const ending = sessionEnds - now < 3_600_000;
  if (session.classList.contains('wb-session-ending') !== ending) session.classList.toggle('wb-session-ending', ending);
});

const { client, refresh } = startPage({
  // `notifications` for the alert_state messages of the firing-alerts banner.
  topics: ['queue', 'campaigns', 'chat', 'commerce', NOTIFICATIONS_TOPIC, ...(wantedKpis.length > 0 ? [KPIS] : [])],
  onMessage: message => (message?.topic === NOTIFICATIONS_TOPIC ? alerts.onMessage(message) : render(message)),
  async onRefresh() {
    // The alerts are read alongside; their failure is reported after the figures are drawn.
    const alertsRead = alerts.refresh();
    alertsRead.catch(() => {});
    const [queue, campaigns, chat, commerce] = await Promise.all([
      fetchJson('/api/v1/queues'), fetchJson('/api/v1/snapshots/campaigns'), fetchJson('/api/v1/chat'), fetchJson('/api/v1/commerce'),
    ]);
    render({ type: 'queue_updated', data: queue });
    if (campaigns) render(campaigns);
    render({ type: 'chat_update', data: chat });
    render({ type: 'commerce_update', data: commerce });
    if (wantedKpis.length > 0) render({ type: 'kpis_update', data: await fetchJson('/api/v1/kpis') });
    state.lastDataAt = Date.now();
    await alertsRead;
  },
});
setInterval(() => { void refresh(); }, REFRESH_MS);
alerts.refresh().catch(() => { /* the board's next refresh reads again and reports a failure in its error banner */ });

// For diagnostics and browser tests.
window.wallboard = {
  client, state, views, next: () => go(1), previous: () => go(-1), setPaused, staleAfterMs: STALE_AFTER_MS,
};
