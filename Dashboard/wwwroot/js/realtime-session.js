// The pages' cookie session as the realtime client sees it: `GET /api/v1/session/token` mints a short-lived token for
// the WebSocket `auth` message (a WebSocket cannot carry the HTTP-only cookie's claims in a message of its own).

/**
 * Fetches a fresh session token. Throws an error with `unauthorized: true` when the session is over (401/403/404), any
 * other error when the endpoint cannot be reached.
 * @param {{tokenUrl: string, baseUrl: string, fetch: typeof fetch}} options
 * @returns {Promise<{token: string, expiresAt: string}>}
 */
export async function fetchSessionToken({ tokenUrl, baseUrl, fetch }) {
  const response = await fetch(new URL(tokenUrl, baseUrl).href, {
    credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' },
  });
  if (response.status === 401 || response.status === 403 || response.status === 404) {
    throw Object.assign(new Error('signed out'), { unauthorized: true });
  }
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  const body = await response.json();
  if (typeof body?.token !== 'string') throw new Error('token endpoint answered without a token');
  return { token: body.token, expiresAt: body.expiresAt };
}
