// One WebSocket session of the wire protocol (docs/protocol.md §3): the auth handshake, one subscribe with `since`,
// heartbeat answers, and token refresh on the same connection. It reports through callbacks and never reconnects by
// itself: RealtimeClient decides what a closed session means (reconnect, fall back, or sign in again).

import { backoffDelay } from './realtime-protocol.js';

export class WebSocketSession {
  #o;
  #ws = null;
  #timers = new Set();
  #authTimer;
  #watchdog;
  #refreshTimer;
  #authenticated = false;
  #subscribed = false;
  #pending = new Set();      // topics of our subscribe not yet answered (subscribed or error)
  #subscribeId = null;
  #expiresAt = 0;            // the current token's exp (ms, server clock)
  #silenceLimitMs = 0;       // after auth: how long the server may stay silent before the connection counts as dead
  #refreshing = false;
  #done = false;
  #requestId = 0;

  /**
   * Fetches a session token, then opens the socket. Every outcome is reported through the callbacks, never thrown:
   * a session that cannot start reports onClose (`blocked` when the browser refuses to create a WebSocket at all,
   * code 0 when the token request failed) or onUnauthorized.
   * @param {{wsPath: string, baseUrl: string, WebSocket: typeof WebSocket, topics: string[],
   *          since: () => Object<string, number> | null, fetchToken: () => Promise<{token: string, expiresAt: string}>,
   *          authTimeoutMs: number, subscribeTimeoutMs: number, tokenRefreshRatio: number, heartbeatGraceMs: number,
   *          random: () => number,
   *          backoffBaseMs: number, backoffFactor: number, backoffCapMs: number,
   *          onAuthenticated: () => void, onSubscribed: () => void, onMessage: (message: object) => void,
   *          onProblem: (data: object) => void, onUnauthorized: () => void,
   *          onClose: (e: {code: number, reason: string, authenticated: boolean, blocked?: boolean}) => void}} o
   */
  constructor(o) {
    this.#o = o;
    void this.#open();
  }

  async #open() {
    let token;
    try {
      ({ token } = await this.#o.fetchToken());
    } catch (e) {
      if (this.#done) return;
      if (e?.unauthorized) {
        this.#done = true;
        return this.#o.onUnauthorized();
      }
      return this.#finish(0, 'token request failed');
    }
    if (this.#done) return;  // closed while the token was on its way
    const url = new URL(this.#o.wsPath, this.#o.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    try {
      this.#ws = new this.#o.WebSocket(url.href);
    } catch {
      this.#done = true;
      return this.#o.onClose({ code: 0, reason: 'websocket blocked', authenticated: false, blocked: true });
    }
    this.#authTimer = this.#later(() => this.#abandon(4001, 'auth timeout'), this.#o.authTimeoutMs);
    this.#ws.onopen = () => this.#send({ type: 'auth', token });
    this.#ws.onmessage = event => this.#onMessage(event.data);
    this.#ws.onclose = event => this.#finish(event.code, event.reason);
    this.#ws.onerror = () => { /* a close event follows; that is where the client recovers */ };
  }

  /** True once the server accepted the first `auth`. */
  get authenticated() { return this.#authenticated; }

  /** True once every topic of the subscribe was answered: from here on the session alone keeps the page current. */
  get subscribed() { return this.#subscribed; }

  /** Asks for the newest snapshot of `topic` (docs/protocol.md §3.6). */
  refresh(topic) {
    this.#send({ type: 'refresh', id: this.#nextId('r'), topic });
  }

  /** Closes the socket without reporting it: the caller has moved on. */
  close(code = 1000, reason = 'client closing') {
    this.#done = true;
    this.#clearTimers();
    if (!this.#ws) return;
    this.#detach();
    try { this.#ws.close(code, reason); } catch { /* already closed */ }
  }

  #onMessage(raw) {
    if (this.#done) return;
    let message;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    this.#armWatchdog();
    switch (message.type) {
      case 'auth_success':
        return this.#onAuthSuccess(message);
      case 'ping':
        this.#send(message.id === undefined ? { type: 'pong' } : { type: 'pong', id: message.id });
        return;
      case 'pong':
      case 'unsubscribed':
        return;
      case 'subscribed':
        return this.#answered(message.id, message.topic);
      case 'token_expiring':
        void this.#refreshToken(0);
        return;
      case 'error':
        // A topic error answers that topic of our subscribe; one without a topic (bad_request) answers all of it.
        if (message.id !== undefined && message.id === this.#subscribeId) {
          if (message.data?.topic) this.#answered(message.id, message.data.topic);
          else for (const topic of [...this.#pending]) this.#answered(message.id, topic);
        }
        this.#o.onProblem(message.data);
        return;
      default:
        this.#o.onMessage(message);
    }
  }

  #onAuthSuccess(message) {
    const data = message.data ?? {};
    this.#expiresAt = Date.parse(data.expiresAt);
    this.#refreshing = false;
    this.#scheduleRefresh(Date.parse(message.ts));
    if (Number.isFinite(data.heartbeatSeconds) && data.heartbeatSeconds > 0) {
      this.#silenceLimitMs = data.heartbeatSeconds * 1000 + this.#o.heartbeatGraceMs;
      this.#armWatchdog();
    }
    if (this.#authenticated) return;  // a refreshed token: subscriptions carry on untouched
    this.#authenticated = true;
    this.#clearTimer(this.#authTimer);
    this.#o.onAuthenticated();
    this.#subscribe();
  }

  // `since` is read now, not when the socket was opened: a fallback may have delivered more in the meantime.
  #subscribe() {
    const topics = this.#o.topics;
    this.#subscribeId = this.#nextId('s');
    this.#pending = new Set(topics);
    const request = { type: 'subscribe', id: this.#subscribeId, topics };
    const since = this.#o.since();
    if (since) request.since = since;
    this.#send(request);
    if (this.#o.subscribeTimeoutMs > 0) {
      this.#later(() => { if (!this.#subscribed) this.#abandon(4000, 'subscribe not answered'); }, this.#o.subscribeTimeoutMs);
    }
    if (topics.length === 0) this.#answered(this.#subscribeId, undefined);
  }

  #answered(id, topic) {
    if (id !== this.#subscribeId) return;
    this.#pending.delete(topic);
    if (this.#pending.size > 0 || this.#subscribed) return;
    this.#subscribed = true;
    this.#o.onSubscribed();
  }

  // Proactive refresh at `tokenRefreshRatio` of the remaining lifetime, measured on the server's clock (auth_success's
  // `ts` against `expiresAt`) so that a browser clock that is off does not matter.
  #scheduleRefresh(serverNow) {
    this.#clearTimer(this.#refreshTimer);
    const remaining = this.#expiresAt - serverNow;
    if (!(remaining > 0)) return;
    this.#refreshTimer = this.#later(() => void this.#refreshToken(0), remaining * this.#o.tokenRefreshRatio);
  }

  async #refreshToken(attempt) {
    if (this.#done || this.#refreshing) return;
    this.#refreshing = true;
    let next;
    try {
      next = await this.#o.fetchToken();
    } catch (e) {
      this.#refreshing = false;
      if (this.#done) return;
      if (e?.unauthorized) return this.#o.onUnauthorized();
      // The endpoint is unreachable for now: retry; if it never answers, the server closes with 4004 at exp.
      this.#later(() => void this.#refreshToken(attempt + 1), backoffDelay(attempt, this.#o, this.#o.random));
      return;
    }
    if (this.#done) return;
    if (!(Date.parse(next.expiresAt) > this.#expiresAt)) {
      // The cookie session ends no later than the current token: nothing to extend. At exp the server closes 4004,
      // and the reconnect finds the session over.
      this.#refreshing = false;
      return;
    }
    this.#send({ type: 'auth', token: next.token });  // `#refreshing` clears on the auth_success
  }

  // The server pings every `heartbeatSeconds`: total silence for longer means the connection is gone even though the
  // browser has not noticed (half-open TCP after a network change).
  #armWatchdog() {
    if (!this.#silenceLimitMs) return;
    this.#clearTimer(this.#watchdog);
    this.#watchdog = this.#later(() => this.#abandon(4002, 'no heartbeat from the server'), this.#silenceLimitMs);
  }

  // Gives up on a socket whose close event might come late or never, and reports the close at once.
  #abandon(code, reason) {
    if (this.#done) return;
    this.#detach();
    try { this.#ws.close(code, reason); } catch { /* already closed */ }
    this.#finish(code, reason);
  }

  #finish(code, reason) {
    if (this.#done) return;
    this.#done = true;
    this.#clearTimers();
    if (this.#ws) this.#detach();
    this.#o.onClose({ code, reason, authenticated: this.#authenticated });
  }

  #detach() {
    this.#ws.onopen = null;
    this.#ws.onmessage = null;
    this.#ws.onclose = null;
    this.#ws.onerror = null;
  }

  #send(message) {
    if (this.#ws?.readyState === 1) this.#ws.send(JSON.stringify(message));
  }

  #nextId(prefix) {
    return prefix + (++this.#requestId);
  }

  #later(fn, ms) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }

  #clearTimer(timer) {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(timer);
  }

  #clearTimers() {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
