// The pages' REST reads and writes with the session cookie (docs/pages.md): readable errors, a 401 sends the browser to
// sign in again. page-shell.js re-exports everything here.

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
 * GETs JSON with the session cookie (or sends `init`). Throws an Error with a readable message for failures: a
 * problem+json answer's title and detail, or the HTTP status; the error carries `status` and, for problem+json, `problem`
 * (a validation problem's `errors` by field). A 401 sends the browser to the sign-in page.
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
    let problem;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      try {
        problem = await response.json();
        const text = [problem.title, problem.detail].filter(Boolean).join(': ');
        if (text) message = `${text} (HTTP ${response.status})`;
      } catch { /* not JSON after all: keep the status line */ }
    }
    const error = new Error(message);
    error.status = response.status;
    error.problem = problem;
    throw error;
  }
  return response.status === 204 ? null : response.json();
}

/** Sends `body` as JSON with `method` (POST by default) and returns the answer's JSON (null for 204); errors as fetchJson. */
export function sendJson(url, body, method = 'POST') {
  return fetchJson(url, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
