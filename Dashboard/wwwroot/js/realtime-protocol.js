// Constants of the wire protocol (docs/protocol.md) as the browser client uses them, and its reconnect back-off.

/** Connection states, as the page shows them. */
export const ConnectionState = Object.freeze({
  Live: 'live',
  Reconnecting: 'reconnecting',
  Sse: 'sse',
  Polling: 'polling',
  Offline: 'offline',
});

/** Message types a server sends on the `calls`, `metrics`, … topics; SSE needs a listener per `event:` name (§4). */
export const DATA_EVENT_TYPES = Object.freeze([
  'metrics_update', 'campaigns_update', 'call_event', 'active_calls_update', 'system_health_update',
  'queue_updated', 'agent_status_changed', 'agent_metrics', 'chat_update', 'commerce_update', 'kpis_update',
  'activity', 'notification',
]);

export const AUTH_ERRORS = new Set(['unauthenticated', 'invalid_token', 'token_expired']);

export const DEFAULTS = Object.freeze({
  tokenUrl: '/api/v1/session/token',
  wsPath: '/ws',
  ssePath: '/sse',
  snapshotPath: '/api/v1/snapshots/',
  backoffBaseMs: 1000,
  backoffFactor: 2,
  backoffCapMs: 30000,
  wsFailuresBeforeFallback: 2,
  sseFailuresBeforeFallback: 2,
  authTimeoutMs: 10000,
  // Upper bound for the session-token and snapshot requests: a request stuck in a proxy must fail (and count as a
  // failed attempt) instead of holding the reconnect or the polling loop for ever.
  requestTimeoutMs: 5000,
  // A WebSocket session must stay subscribed this long before the back-off starts over: a server that accepts `auth`
  // and then closes at once (4008, a refused refresh) must not be reconnected to within a second, for ever.
  liveStableMs: 30000,
  pollIntervalMs: 2000,
  // Share of a token's lifetime after which it is replaced, ahead of the server's `token_expiring` warning.
  tokenRefreshRatio: 0.8,
  // Grace beyond the server's heartbeat interval before a silent connection counts as dead (half-open TCP).
  heartbeatGraceMs: 10000,
});

/**
 * "Full jitter" exponential back-off: a uniformly random delay in [0, min(cap, base × factor^attempt)).
 * Spreading retries over the whole window keeps many pages behind one proxy from reconnecting in step.
 * @param {number} attempt 0 for the first retry.
 * @param {{backoffBaseMs: number, backoffFactor: number, backoffCapMs: number}} options
 * @param {() => number} random a value in [0, 1).
 */
export function backoffDelay(attempt, { backoffBaseMs, backoffFactor, backoffCapMs } = DEFAULTS, random = Math.random) {
  const exponent = Math.max(0, Math.floor(attempt) || 0);
  const ceiling = Math.min(backoffCapMs, backoffBaseMs * Math.pow(backoffFactor, exponent));
  return Math.floor(random() * ceiling);
}
