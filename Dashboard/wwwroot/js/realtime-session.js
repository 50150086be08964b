// The pages' cookie session as the realtime client sees it: `GET /api/v1/session/token` mints a short-lived token for
// the WebSocket `auth` message (a WebSocket cannot carry the HTTP-only cookie's claims in a message of its own).

import { DEFAULTS } from './realtime-protocol.js';

/**
 * Fetches a fresh session token. Throws an error with `unauthorized: true` when the page must sign in again: 401 (the
 * session is over), 403 (it lacks `dashboard:read`), 404 (it is not a cookie session). Any other error when the
 * endpoint cannot be reached or does not answer within `requestTimeoutMs`: the caller retries.
 * @param {{tokenUrl: string, baseUrl: string, fetch: typeof fetch, requestTimeoutMs?: number}} options
 * @returns {Promise<{token: string, expiresAt: string}>}
 */
export async function fetchSessionToken({ tokenUrl, baseUrl, fetch, requestTimeoutMs = DEFAULTS.requestTimeoutMs }) {
  // The WebSocket's auth timer starts only once the token is here: without a timeout a hung request would leave the
  // attempt (and the page, `reconnecting`) waiting for ever. The signal also bounds reading the body.
  const response = await fetch(new URL(tokenUrl, baseUrl).href, {
    credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' },
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  if (response.status === 401 || response.status === 403 || response.status === 404) {
    throw Object.assign(new Error('signed out'), { unauthorized: true });
  }
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  const body = await response.json();
  if (typeof body?.token !== 'string') throw new Error('token endpoint answered without a token');
  return { token: body.token, expiresAt: body.expiresAt };
}
