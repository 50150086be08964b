// Realtime client for the Dashboard wire protocol (PROTOCOL.md): WebSocket first, then Server-Sent Events, then
// polling, retrying WebSocket in the background while on a fallback. No framework, no bundler: an ES module.
//
//   const client = new RealtimeClient({ topics: ['metrics', 'campaigns'] });
//   client.addEventListener('state', e => …e.detail.state);     // live | reconnecting | sse | polling | offline
//   client.addEventListener('message', e => …e.detail);         // {type, topic, seq, ts, data}
//   client.addEventListener('problem', e => …e.detail);         // {code, message} from the server
//   client.addEventListener('unauthorized', () => …);           // the cookie session is gone: sign in again
//   client.start();

import { SnapshotPoller, SseTransport } from './realtime-fallbacks.js';
import { AUTH_ERRORS, ConnectionState, DATA_EVENT_TYPES, DEFAULTS, backoffDelay } from './realtime-protocol.js';

export { ConnectionState, backoffDelay };

export class RealtimeClient extends EventTarget {
  #options;
  #topics;
  #state = null;
  #stopped = true;
  #lastSeq = new Map();   // topic → last seq seen, for `since` after a reconnect
  #ws = null;             // the WebSocket in use
  #probe = null;          // a WebSocket tried in the background while on a fallback
  #wsFailures = 0;        // WebSocket attempts in a row that never authenticated
  #wsAttempt = 0;         // reconnects since the last authenticated session (back-off exponent)
  #sse = null;            // SseTransport while on the first fallback
  #snapshotPoller = null; // SnapshotPoller, created on first use
  #lastEventId = null;    // SSE resume token
  #mode = 'ws';           // 'ws' | 'sse' | 'polling'
  #timers = new Set();
  #probeTimer = null;
  #requestId = 0;

  /**
   * @param {{topics: string[], baseUrl?: string, random?: () => number,
   *          WebSocket?: typeof WebSocket, EventSource?: typeof EventSource, fetch?: typeof fetch} & Partial<typeof DEFAULTS>} options
   */
  constructor(options) {
    super();
    this.#options = {
      ...DEFAULTS,
      baseUrl: globalThis.location?.origin,
      random: Math.random,
      WebSocket: globalThis.WebSocket,
      EventSource: globalThis.EventSource,
      fetch: (...args) => globalThis.fetch(...args),
      ...options,
    };
    this.#topics = [...new Set(options.topics)];
  }

  /** The current connection state (a {@link ConnectionState} value), or null before start(). */
  get state() { return this.#state; }

  /** The transport in use: 'ws', 'sse' or 'polling'. */
  get transport() { return this.#mode; }

  /** The last `seq` seen on `topic`, or undefined. */
  lastSeq(topic) { return this.#lastSeq.get(topic); }

  /** Connects (WebSocket first). */
  start() {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#mode = 'ws';
    this.#wsFailures = 0;
    this.#setState(ConnectionState.Reconnecting, 'connecting');
    this.#connectWebSocket(false);
  }

  /** Closes every connection and timer; state becomes offline. */
  stop() {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#closeWebSocket();
    this.#closeEventSource();
    this.#stopPolling();
    clearTimeout(this.#probeTimer);
    this.#setState(ConnectionState.Offline, 'stopped');
  }

  /** Asks for the newest snapshot of `topic` (or of every topic) now: the page's manual refresh. */
  refresh(topic) {
    const topics = topic ? [topic] : this.#topics;
    if (this.#mode === 'ws' && this.#ws?.authenticated) {
      for (const t of topics) this.#send(this.#ws, { type: 'refresh', id: this.#nextId('r'), topic: t });
    } else {
      void this.#poller().refresh(topics);
    }
  }

  // ---- WebSocket (§3) ----------------------------------------------------------------------------------------------

  async #connectWebSocket(probe) {
    if (this.#stopped) return;
    let token;
    try {
      token = await this.#fetchSessionToken();
    } catch (e) {
      if (e?.unauthorized) return this.#unauthorized();
      return this.#webSocketFailed(probe, 'token request failed');
    }
    if (this.#stopped || (probe && (this.#mode === 'ws' || this.#probe))) return;

    let ws;
    try {
      const url = new URL(this.#options.wsPath, this.#options.baseUrl);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      ws = new this.#options.WebSocket(url.href);
    } catch {
      // No WebSocket at all (blocked by policy or missing): no point in a second try before falling back.
      if (!probe) this.#wsFailures = Math.max(this.#wsFailures, this.#options.wsFailuresBeforeFallback - 1);
      return this.#webSocketFailed(probe, 'blocked');
    }
    ws.authenticated = false;
    ws.probe = probe;
    if (!probe) this.#ws = ws;
    else this.#probe = ws;

    const authTimer = this.#later(() => { if (!ws.authenticated) ws.close(4000, 'auth timeout'); }, this.#options.authTimeoutMs);
    ws.onopen = () => this.#send(ws, { type: 'auth', token });
    ws.onmessage = event => this.#onWebSocketMessage(ws, event.data, authTimer);
    ws.onclose = event => this.#onWebSocketClose(ws, event);
    ws.onerror = () => { /* a close event follows; that is where recovery happens */ };
  }

  #onWebSocketMessage(ws, raw, authTimer) {
    let message;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    switch (message.type) {
      case 'auth_success':
        clearTimeout(authTimer);
        this.#timers.delete(authTimer);
        ws.authenticated = true;
        this.#wsFailures = 0;
        this.#wsAttempt = 0;
        if (ws.probe) this.#promoteProbe(ws);
        this.#setState(ConnectionState.Live, 'websocket');
        this.#subscribe(ws);
        return;
      case 'ping':
        this.#send(ws, message.id === undefined ? { type: 'pong' } : { type: 'pong', id: message.id });
        return;
      case 'pong':
      case 'unsubscribed':
        return;
      case 'subscribed':
        // A server whose stream restarted (seq below what we saw) starts a new sequence: forget ours.
        if (typeof message.seq === 'number' && message.seq < (this.#lastSeq.get(message.topic) ?? 0)) {
          this.#lastSeq.delete(message.topic);
        }
        return;
      case 'token_expiring':
        void this.#reauthenticate(ws);
        return;
      case 'error':
        this.#problem(message.data);
        return;
      default:
        if (ws.probe) return;  // a probe only becomes the source once promoted
        this.#deliver(message);
    }
  }

  #onWebSocketClose(ws, event) {
    if (ws === this.#probe) this.#probe = null;
    if (ws === this.#ws) this.#ws = null;
    if (this.#stopped) return;
    if (event.code === 4004 || event.code === 4003) {
      // The token was refused or ran out: check whether the cookie session is still good before retrying.
      void this.#fetchSessionToken().catch(e => { if (e?.unauthorized) this.#unauthorized(); });
    }
    if (ws.probe && !ws.authenticated) return this.#scheduleProbe();
    if (!ws.authenticated) return this.#webSocketFailed(false, `closed ${event.code}`);
    // A live session ended (server restart, slow consumer, network): reconnect and resume with `since`.
    this.#setState(ConnectionState.Reconnecting, `closed ${event.code}`);
    this.#later(() => this.#connectWebSocket(false), backoffDelay(this.#wsAttempt++, this.#options, this.#options.random));
  }

  #webSocketFailed(probe, reason) {
    if (this.#stopped) return;
    if (probe) return this.#scheduleProbe();
    this.#wsFailures++;
    if (this.#wsFailures >= this.#options.wsFailuresBeforeFallback) {
      return this.#startEventSource(reason);
    }
    this.#setState(ConnectionState.Reconnecting, reason);
    this.#later(() => this.#connectWebSocket(false), backoffDelay(this.#wsAttempt++, this.#options, this.#options.random));
  }

  #subscribe(ws) {
    const since = {};
    for (const topic of this.#topics) {
      if (this.#lastSeq.has(topic)) since[topic] = this.#lastSeq.get(topic);
    }
    const request = { type: 'subscribe', id: this.#nextId('s'), topics: this.#topics };
    if (Object.keys(since).length > 0) request.since = since;
    this.#send(ws, request);
  }

  async #reauthenticate(ws) {
    try {
      const token = await this.#fetchSessionToken();
      this.#send(ws, { type: 'auth', token });
    } catch (e) {
      if (e?.unauthorized) this.#unauthorized();
    }
  }

  // A WebSocket probe succeeded while on a fallback: it becomes the transport, the fallback closes.
  #promoteProbe(ws) {
    this.#probe = null;
    ws.probe = false;
    this.#closeEventSource();
    this.#stopPolling();
    clearTimeout(this.#probeTimer);
    this.#mode = 'ws';
    this.#ws = ws;
    this.#wsFailures = 0;
  }

  #scheduleProbe() {
    clearTimeout(this.#probeTimer);
    if (this.#stopped || this.#mode === 'ws') return;
    const interval = this.#options.wsProbeIntervalMs;
    // Jittered so that many pages behind one proxy do not retry in step.
    this.#probeTimer = setTimeout(() => this.#connectWebSocket(true), interval / 2 + this.#options.random() * interval);
  }

  #closeWebSocket() {
    for (const ws of [this.#ws, this.#probe]) {
      if (ws) {
        ws.onclose = null;
        ws.onmessage = null;
        try { ws.close(1000, 'client stopping'); } catch { /* already closed */ }
      }
    }
    this.#ws = null;
    this.#probe = null;
  }

  // ---- fallbacks: Server-Sent Events (§4), then polling (§6) --------------------------------------------------------

  #startEventSource(reason) {
    if (this.#stopped) return;
    if (!this.#options.EventSource) return this.#startPolling('no EventSource');
    this.#mode = 'sse';
    this.#closeEventSource();
    const url = new URL(this.#options.ssePath, this.#options.baseUrl);
    url.searchParams.set('topics', this.#topics.join(','));
    if (this.#lastEventId) url.searchParams.set('lastEventId', this.#lastEventId);
    this.#setState(ConnectionState.Reconnecting, reason);
    try {
      this.#sse = new SseTransport({
        url: url.href,
        EventSource: this.#options.EventSource,
        types: DATA_EVENT_TYPES,
        failuresBeforeFallback: this.#options.sseFailuresBeforeFallback,
        onOpen: () => this.#setState(ConnectionState.Sse, 'sse'),
        onMessage: (envelope, lastEventId) => {
          if (lastEventId) this.#lastEventId = lastEventId;
          this.#deliver(envelope);
        },
        onProblem: problem => this.#problem(problem),
        onReconnecting: () => this.#setState(ConnectionState.Reconnecting, 'sse reconnecting'),
        onFailed: why => {
          this.#sse = null;
          this.#startPolling(why);
        },
      });
    } catch {
      return this.#startPolling('EventSource blocked');
    }
    this.#scheduleProbe();
  }

  #closeEventSource() {
    this.#sse?.close();
    this.#sse = null;
  }

  #startPolling(reason) {
    if (this.#stopped) return;
    this.#mode = 'polling';
    this.#setState(ConnectionState.Reconnecting, reason);
    this.#poller().start();
    this.#scheduleProbe();
  }

  #stopPolling() {
    this.#snapshotPoller?.stop();
  }

  #poller() {
    this.#snapshotPoller ??= new SnapshotPoller({
      topics: this.#topics,
      urlFor: topic => new URL(this.#options.snapshotPath + encodeURIComponent(topic), this.#options.baseUrl).href,
      fetch: this.#options.fetch,
      intervalMs: this.#options.pollIntervalMs,
      onMessage: (envelope, forced) => this.#deliver(envelope, forced),
      onRound: result => {
        if (this.#stopped || this.#mode !== 'polling') return;
        if (result === 'unauthorized') return this.#unauthorized();
        this.#setState(result === 'ok' ? ConnectionState.Polling : ConnectionState.Offline, 'polling');
      },
    });
    return this.#snapshotPoller;
  }

  // ---- shared -------------------------------------------------------------------------------------------------------

  async #fetchSessionToken() {
    const response = await this.#options.fetch(new URL(this.#options.tokenUrl, this.#options.baseUrl).href, {
      credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' },
    });
    if (response.status === 401 || response.status === 403 || response.status === 404) {
      throw Object.assign(new Error('signed out'), { unauthorized: true });
    }
    if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
    const body = await response.json();
    return body.token;
  }

  // Hands a data message to the page once: a seq at or below the last one seen on its topic is a duplicate (e.g. the
  // same snapshot over a fallback and then over WebSocket). A forced refresh is always delivered.
  #deliver(message, force = false) {
    if (!message || typeof message.type !== 'string') return;
    if (message.type === 'resync') {
      this.#lastSeq.delete(message.topic);
    } else if (typeof message.seq === 'number' && message.topic) {
      const last = this.#lastSeq.get(message.topic);
      if (!force && last !== undefined && message.seq <= last) return;
      this.#lastSeq.set(message.topic, message.seq);
    }
    this.dispatchEvent(new CustomEvent('message', { detail: message }));
  }

  #problem(data) {
    const problem = { code: data?.code ?? 'error', message: data?.message ?? '' };
    this.dispatchEvent(new CustomEvent('problem', { detail: problem }));
    if (AUTH_ERRORS.has(problem.code)) {
      void this.#fetchSessionToken().catch(e => { if (e?.unauthorized) this.#unauthorized(); });
    }
  }

  #unauthorized() {
    if (this.#stopped) return;
    this.stop();
    this.dispatchEvent(new CustomEvent('unauthorized'));
  }

  #setState(state, reason) {
    if (state === this.#state) return;
    this.#state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, transport: this.#mode, reason } }));
  }

  #send(ws, message) {
    if (ws.readyState === 1) ws.send(JSON.stringify(message));
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
}
