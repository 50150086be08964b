// The page shell (docs/pages.md): connects RealtimeClient and drives the status bar every page renders with
// Pages/Shared/_StatusBar.cshtml — connection badge, last update, Refresh, error banner, toasts — and, on pages with
// the layout's bell, the notification centre (notification-centre.js) on the same connection (topic `notifications`).
import { ConnectionState, RealtimeClient } from './realtime-client.js';
import { format, isNumber, NONE } from './format.js';
import { fetchJson, readJson, sendJson, signInAgain } from './shell-http.js';
import { clearError, errorCount, setText, showError, toast } from './shell-messages.js';
import { NOTIFICATIONS_TOPIC, startNotifications } from './notification-centre.js';

export { format, isNumber, NONE };
export { fetchJson, readJson, sendJson, signInAgain, clearError, setText, showError, toast };

const STATE_LABELS = {
  [ConnectionState.Live]: 'Live',
  [ConnectionState.Reconnecting]: 'Reconnecting…',
  [ConnectionState.Sse]: 'SSE',
  [ConnectionState.Polling]: 'Polling',
  [ConnectionState.Offline]: 'Offline',
};

/** Writes the tenant's business-day zone (Tenants:{tenant}:TimeZone) into every [data-time-zone]; nothing without one. */
export function showTimeZone(zone) {
  if (!zone) return;
  for (const el of document.querySelectorAll('[data-time-zone]')) setText(el, zone);
}

// ---- keyed table rows ----------------------------------------------------------------------------------------------

/**
 * Makes `body`'s rows show `list` in its order, one row per `key(item)`: a row whose key stays is updated in place by
 * `fill(row, item)` (so focus and selection survive updates), `make(key)` builds a new one, rows of keys gone are
 * removed. The placeholder rows (.empty-row, .skeleton-row) go; an empty list shows `emptyText` across `columns`.
 */
export function syncRows(body, list, key, make, fill, emptyText, columns) {
  const existing = new Map([...body.querySelectorAll('tr[data-key]')].map(tr => [tr.dataset.key, tr]));
  body.querySelectorAll('.empty-row, .skeleton-row').forEach(row => row.remove());
  for (const item of list) {
    const id = key(item);
    const row = existing.get(id) ?? make(id);
    existing.delete(id);
    fill(row, item);
    body.append(row);
  }
  existing.forEach(row => row.remove());
  if (list.length === 0) {
    body.insertAdjacentHTML('beforeend', `<tr class="empty-row"><td colspan="${columns}"></td></tr>`);
    body.querySelector('.empty-row td').textContent = emptyText;
  }
}

// ---- startPage -----------------------------------------------------------------------------------------------------

/** Removes the .skeleton placeholder from `element` (or from every element under `root`). */
export function clearSkeleton(element) {
  element?.classList.remove('skeleton');
}
export function clearSkeletons(root = document) {
  root.querySelectorAll('.skeleton').forEach(clearSkeleton);
}

/** True for the states that deliver every message (WebSocket or SSE), as against polling, reconnecting and offline. */
const isStreaming = state => state === ConnectionState.Live || state === ConnectionState.Sse;

/**
 * An onState handler that calls `read()` every `pollMs` while the client is on its polling fallback (which delivers only
 * each topic's newest snapshot) and stops when it leaves it. `read` handles its own errors.
 */
export function pollWhilePolling(read, pollMs) {
  let timer = null;
  return state => {
    if (state === ConnectionState.Polling && !timer) {
      timer = setInterval(read, pollMs);
    } else if (state !== ConnectionState.Polling && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/**
 * Starts a page: connects RealtimeClient for `topics` and wires the status bar. On a page with the layout's bell the
 * same connection also follows topic `notifications` for the notification centre; its messages reach `onMessage` (and
 * the last update) only when `topics` lists `notifications` itself. No topics of the page's own: the badge is left to
 * the page ("Not live" unless it says otherwise). `onResumed()` runs when the stream is back (Live or SSE) after a break
 * (any other state once it had been Live or SSE): messages sent meanwhile are not replayed, so a page that applies
 * single updates re-reads then; the notification centre does the same for its read marks.
 * @param {{topics?: string[], onMessage?: (msg: object) => void, onRefresh?: () => Promise<unknown>,
 *          onState?: (state: string) => void, onResumed?: () => void, skeletonGraceMs?: number}} options
 * @returns {{client: RealtimeClient|null, refresh: () => Promise<boolean>, touch: (ts?: string) => void}}
 */
export function startPage({ topics = [], onMessage, onRefresh, onState, onResumed, skeletonGraceMs = 5000 } = {}) {
  const badge = document.querySelector('[data-testid="connection-state"]');
  const lastUpdate = document.querySelector('[data-testid="last-update"]');
  const button = document.querySelector('[data-testid="refresh"]');
  let everLive = false;   // reached Live or SSE once
  let broken = false;     // left Live/SSE since: the next return is a resumption
  let skeletonTimer;

  // Shows when the page's data last changed: a message's ts, or now after a successful REST refresh.
  const touch = ts => {
    if (!lastUpdate) return;
    const iso = ts ?? new Date().toISOString();
    lastUpdate.dateTime = iso;
    setText(lastUpdate, format.time(iso));
  };
  if (lastUpdate?.dateTime) setText(lastUpdate, format.time(lastUpdate.dateTime));

  const own = new Set(topics);
  const centre = startNotifications();
  const all = centre ? [...new Set([...topics, NOTIFICATIONS_TOPIC])] : [...own];
  const client = all.length > 0 ? new RealtimeClient({ topics: all }) : null;
  if (client) {
    client.addEventListener('state', e => {
      const { state } = e.detail;
      const resumed = isStreaming(state) && broken;
      if (isStreaming(state)) { everLive = true; broken = false; } else if (everLive) broken = true;
      if (resumed) centre?.onResumed();
      if (own.size === 0) return;
      if (badge) {
        badge.dataset.state = state;
        setText(badge, state === ConnectionState.Reconnecting && !everLive ? 'Connecting…' : STATE_LABELS[state] ?? state);
      }
      // A quiet tenant may have no snapshot to send: once connected, placeholders left after the grace period give
      // way to the "—" they cover rather than shimmer for ever.
      if (!skeletonTimer && state !== ConnectionState.Reconnecting && state !== ConnectionState.Offline) {
        skeletonTimer = setTimeout(clearSkeletons, skeletonGraceMs);
      }
      onState?.(state);
      if (resumed) onResumed?.();
    });
    client.addEventListener('message', e => {
      const message = e.detail;
      if (message?.topic === NOTIFICATIONS_TOPIC) centre?.onMessage(message);
      if (!own.has(message?.topic)) return;
      try {
        onMessage?.(message);
      } catch (error) {
        console.error('page render failed', error);
        showError(`Could not show an update: ${error.message}`);
      }
      if (message?.ts) touch(message.ts);
    });
    client.addEventListener('problem', e => {
      const { code, message } = e.detail ?? {};
      const text = message ? `${message} (${code})` : String(code ?? 'problem');
      // A problem concerns one request (a refused subscribe, a rate limit): shown for a while, not until a refresh.
      showError(text, { timeoutMs: 15000 });
      toast(text, 'warning');
    });
    client.addEventListener('unauthorized', signInAgain);
    window.addEventListener('pagehide', () => client.stop());
    window.addEventListener('pageshow', e => { if (e.persisted) client.start(); });
  }
  if (own.size === 0 && badge) {
    badge.dataset.state = 'static';
    setText(badge, 'Not live');
  }

  // The Refresh button: newest snapshots over the live connection plus the page's own REST reads. A failure shows in
  // the banner until the next refresh succeeds.
  const run = async () => {
    button?.setAttribute('aria-busy', 'true');
    // An error shown while this refresh ran (an action's failure, on a slow first load) is newer than it: keep it.
    const errorsBefore = errorCount();
    try {
      client?.refresh();
      if (onRefresh) await onRefresh();
      if (errorCount() === errorsBefore) clearError();
      if (onRefresh) touch();
      return true;
    } catch (error) {
      showError(`Refresh failed: ${error?.message ?? error}`);
      return false;
    } finally {
      button?.removeAttribute('aria-busy');
    }
  };
  // One refresh at a time: clicks while one runs share its result.
  let running = null;
  const refresh = () => (running ??= run().finally(() => { running = null; }));
  button?.addEventListener('click', () => { void refresh(); });

  client?.start();
  return { client, refresh, touch };
}

// ---- pages that follow one snapshot topic (Chat, Commerce) ------------------------------------------------------------

/** computedAt as epoch ms, or NaN. */
export const computedAtMs = d => Date.parse(d?.computedAt ?? '');

/** True when `d` was computed no earlier than `shownMs` (a late REST answer must not replace a newer stream update). */
export const isCurrent = (d, shownMs) => !Number.isFinite(shownMs) || !(computedAtMs(d) < shownMs);

/**
 * Starts a page that shows one snapshot topic (docs/pages.md): renders the snapshot embedded as `#{topic}-config`, follows
 * `topic` for messages of `type`, reads `url` at start when nothing was embedded (a tenant with no state has no
 * snapshot on this node), and while the client is on its polling fallback reads `url` every `pollMs` too, so the page
 * never depends on a snapshot existing. `render(d)` gets only payloads no older than the one shown. Refresh reads `url`
 * plus whatever `onRefresh` reads. `what` names the figures in the start-up error ("the chat figures").
 * @returns {{client: RealtimeClient|null, touch: (ts?: string) => void, readRest: (force?: boolean) => Promise<boolean>}}
 */
export function followSnapshot({ topic, type, url, render, pollMs = 5000, onRefresh, what }) {
  let shownAt = NaN;   // computedAt of what the page shows
  let shown = null;
  const show = d => {
    if (!d || !isCurrent(d, shownAt)) return false;
    shownAt = computedAtMs(d);
    shown = d;
    render(d);
    return true;
  };
  const onMessage = message => { if (message?.type === type) show(message.data); };
  const initial = readJson(`${topic}-config`, null);
  if (initial) onMessage(initial);

  // `force` false (the start-up read): only when nothing is shown yet by then.
  const readRest = async (force = true) => {
    const d = await fetchJson(url);
    return force || !Number.isFinite(shownAt) ? show(d) : false;
  };
  const touchShown = isShown => { if (isShown) touch(shown.computedAt); };

  const { client, touch } = startPage({
    topics: [topic],
    onMessage,
    onRefresh: () => Promise.all([readRest(true), onRefresh?.()]),
    onState: pollWhilePolling(() => { readRest().then(touchShown).catch(() => {}); }, pollMs),
  });

  if (!Number.isFinite(shownAt)) {
    readRest(false).then(touchShown).catch(error => showError(`Could not read ${what}: ${error?.message ?? error}`));
  }
  return { client, touch, readRest };
}
