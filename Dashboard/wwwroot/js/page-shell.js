// The page shell (docs/pages.md): connects RealtimeClient and drives the status bar every page renders with
// Pages/Shared/_StatusBar.cshtml — connection badge, last update, Refresh, error banner, toasts.
import { ConnectionState, RealtimeClient } from './realtime-client.js';
import { format, isNumber, NONE } from './format.js';

export { format, isNumber, NONE };

const STATE_LABELS = {
  [ConnectionState.Live]: 'Live',
  [ConnectionState.Reconnecting]: 'Reconnecting…',
  [ConnectionState.Sse]: 'SSE',
  [ConnectionState.Polling]: 'Polling',
  [ConnectionState.Offline]: 'Offline',
};
const TOAST_MS = { info: 5000, warning: 8000, critical: 15000 };

/** Writes only when the text changes, so aria-live regions announce real changes and nothing else. */
export function setText(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

/** The JSON of `<script type="application/json" id="...">`, or `fallback` when there is none. */
export function readJson(id, fallback = {}) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : fallback;
}

let signingInAgain = false;

/**
 * The session has ended: back to sign-in, then to this page. The layout's `data-sign-in` is `/signin/oidc` for a session
 * opened at the identity provider (whose own session usually signs the person in again without a prompt), else `/signin`.
 */
export function signInAgain() {
  // Several reads fail together when the session ends: one navigation (one round trip to the identity provider).
  if (signingInAgain) return;
  signingInAgain = true;
  const target = document.body.dataset.signIn || '/signin';
  location.assign(`${target}?returnUrl=${encodeURIComponent(location.pathname + location.search)}`);
}

/**
 * GETs JSON with the session cookie. Throws an Error with a readable message for failures: a problem+json answer's
 * title and detail, or the HTTP status. A 401 sends the browser to the sign-in page.
 */
export async function fetchJson(url, init = {}) {
  const response = await fetch(url, {
    credentials: 'same-origin', ...init, headers: { Accept: 'application/json', ...(init.headers ?? {}) },
  });
  if (response.status === 401) {
    signInAgain();
    throw new Error('The session has ended; signing in again.');
  }
  if (!response.ok) {
    let message = `${url} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      try {
        const problem = await response.json();
        const text = [problem.title, problem.detail].filter(Boolean).join(': ');
        if (text) message = `${text} (HTTP ${response.status})`;
      } catch { /* not JSON after all: keep the status line */ }
    }
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return response.status === 204 ? null : response.json();
}

// ---- error banner and toasts ---------------------------------------------------------------------------------------

const banner = () => document.querySelector('[data-testid="page-error"]');

let bannerTimer;
/** Shows `text` in the page's error banner (role=alert); with timeoutMs it hides itself after that long. */
export function showError(text, { timeoutMs } = {}) {
  const el = banner();
  if (!el) return;
  setText(el, text);
  el.hidden = false;
  clearTimeout(bannerTimer);
  if (timeoutMs) bannerTimer = setTimeout(clearError, timeoutMs);
}

/** Hides the error banner. */
export function clearError() {
  clearTimeout(bannerTimer);
  const el = banner();
  if (el && !el.hidden) { el.hidden = true; el.textContent = ''; }
}

/**
 * Shows a notification in the toast region (aria-live=polite). level: 'info' | 'warning' | 'critical'. It goes away
 * by itself (critical ones stay longer) or with its Dismiss button. Returns the toast element.
 */
export function toast(text, level = 'info', { timeoutMs } = {}) {
  const region = document.querySelector('[data-testid="toasts"]');
  if (!region) return null;
  const item = document.createElement('div');
  item.className = 'toast';
  item.dataset.level = TOAST_MS[level] ? level : 'info';
  item.dataset.testid = 'toast';
  const message = document.createElement('p');
  message.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'toast-close';
  close.setAttribute('aria-label', 'Dismiss notification');
  close.innerHTML = '<span aria-hidden="true">×</span>';
  const remove = () => { clearTimeout(timer); item.remove(); };
  close.addEventListener('click', remove);
  item.append(message, close);
  region.append(item);
  // Keep the region short: the oldest go first.
  while (region.children.length > 4) region.firstElementChild.remove();
  const timer = setTimeout(remove, timeoutMs ?? TOAST_MS[item.dataset.level]);
  return item;
}

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

/**
 * Starts a page: connects RealtimeClient for `topics` (none: no connection, the badge says so) and wires the status bar.
 * @param {{topics?: string[], onMessage?: (msg: object) => void, onRefresh?: () => Promise<unknown>,
 *          onState?: (state: string) => void, skeletonGraceMs?: number}} options
 * @returns {{client: RealtimeClient|null, refresh: () => Promise<boolean>, touch: (ts?: string) => void}}
 */
export function startPage({ topics = [], onMessage, onRefresh, onState, skeletonGraceMs = 5000 } = {}) {
  const badge = document.querySelector('[data-testid="connection-state"]');
  const lastUpdate = document.querySelector('[data-testid="last-update"]');
  const button = document.querySelector('[data-testid="refresh"]');
  let everLive = false;
  let skeletonTimer;

  // Shows when the page's data last changed: a message's ts, or now after a successful REST refresh.
  const touch = ts => {
    if (!lastUpdate) return;
    const iso = ts ?? new Date().toISOString();
    lastUpdate.dateTime = iso;
    setText(lastUpdate, format.time(iso));
  };
  if (lastUpdate?.dateTime) setText(lastUpdate, format.time(lastUpdate.dateTime));

  const client = topics.length > 0 ? new RealtimeClient({ topics }) : null;
  if (client) {
    client.addEventListener('state', e => {
      const { state } = e.detail;
      if (badge) {
        badge.dataset.state = state;
        setText(badge, state === ConnectionState.Reconnecting && !everLive ? 'Connecting…' : STATE_LABELS[state] ?? state);
      }
      if (state === ConnectionState.Live) everLive = true;
      // A quiet tenant may have no snapshot to send: once connected, placeholders left after the grace period give
      // way to the "—" they cover rather than shimmer for ever.
      if (!skeletonTimer && state !== ConnectionState.Reconnecting && state !== ConnectionState.Offline) {
        skeletonTimer = setTimeout(clearSkeletons, skeletonGraceMs);
      }
      onState?.(state);
    });
    client.addEventListener('message', e => {
      const message = e.detail;
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
  } else if (badge) {
    badge.dataset.state = 'static';
    setText(badge, 'Not live');
  }

  // The Refresh button: newest snapshots over the live connection plus the page's own REST reads. A failure shows in
  // the banner until the next refresh succeeds.
  const run = async () => {
    button?.setAttribute('aria-busy', 'true');
    try {
      client?.refresh();
      if (onRefresh) await onRefresh();
      clearError();
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

  let pollTimer = null;
  const { client, touch } = startPage({
    topics: [topic],
    onMessage,
    onRefresh: () => Promise.all([readRest(true), onRefresh?.()]),
    onState(state) {
      if (state === ConnectionState.Polling && !pollTimer) {
        pollTimer = setInterval(() => { readRest().then(touchShown).catch(() => {}); }, pollMs);
      } else if (state !== ConnectionState.Polling && pollTimer) {
        clearInterval(pollTimer);
        pollTimer = null;
      }
    },
  });

  if (!Number.isFinite(shownAt)) {
    readRest(false).then(touchShown).catch(error => showError(`Could not read ${what}: ${error?.message ?? error}`));
  }
  return { client, touch, readRest };
}
