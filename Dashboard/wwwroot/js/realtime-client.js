// Realtime client for the Dashboard wire protocol (docs/protocol.md): WebSocket first, then Server-Sent Events, then
// polling, probing WebSocket in the background while on a fallback. This file orchestrates: which transport runs, the
// state, back-off, and delivering each message once. Transports: realtime-websocket.js, realtime-fallbacks.js.
//
//   const client = new RealtimeClient({ topics: ['metrics', 'campaigns'] });
//   client.addEventListener('state', e => …e.detail.state);     // live | reconnecting | sse | polling | offline
//   client.addEventListener('message', e => …e.detail);         // {type, topic, seq, ts, data}
//   client.addEventListener('problem', e => …e.detail);         // {code, message} from the server
//   client.addEventListener('unauthorized', () => …);           // the cookie session is over: sign in again
//   client.start();

import { SnapshotPoller, SseTransport } from './realtime-fallbacks.js';
import { TopicPositions } from './realtime-positions.js';
import { AUTH_ERRORS, ConnectionState, DEFAULTS, backoffDelay } from './realtime-protocol.js';
import { fetchSessionToken } from './realtime-session.js';
import { WebSocketSession } from './realtime-websocket.js';

export { ConnectionState, backoffDelay };

export class RealtimeClient extends EventTarget {
  #o;
  #topics;
  #positions = new TopicPositions();
  #state = null;
  #stopped = true;
  #epoch = 0;             // bumped by every teardown, so late async work of an older run does nothing
  #mode = 'ws';           // 'ws' | 'sse' | 'polling'
  #ws = null;             // WebSocketSession in use (mode 'ws')
  #probe = null;          // WebSocketSession tried in the background while on a fallback
  #probeTimer;
  #attempt = 0;           // WebSocket attempts since a session last stayed subscribed for liveStableMs: the back-off exponent
  #wsFailures = 0;        // attempts in a row that never authenticated, before falling back
  #sse = null;
  #snapshotPoller = null;
  #timers = new Set();
  #onOnline = () => { if (!this.#stopped) this.#connect('browser online'); };
  #onOffline = () => this.#goOffline();

  /**
   * @param {{topics: string[], baseUrl?: string, random?: () => number, WebSocket?: typeof WebSocket,
   *          EventSource?: typeof EventSource, fetch?: typeof fetch, window?: EventTarget, navigator?: {onLine: boolean}}
   *         & Partial<typeof DEFAULTS>} options
   */
  constructor(options) {
    super();
    this.#o = {
      ...DEFAULTS,
      baseUrl: globalThis.location?.origin,
      random: Math.random,
      WebSocket: globalThis.WebSocket,
      EventSource: globalThis.EventSource,
      fetch: (...args) => globalThis.fetch(...args),
      window: globalThis.window,
      navigator: globalThis.navigator,
      ...options,
    };
    this.#topics = [...new Set(options.topics)];
  }

  /** The current connection state (a {@link ConnectionState} value), or null before start(). */
  get state() { return this.#state; }

  /** The transport in use: 'ws', 'sse' or 'polling'. */
  get transport() { return this.#mode; }

  /** The last `seq` delivered on `topic`, or undefined. */
  lastSeq(topic) { return this.#positions.get(topic); }

  /** Connects (WebSocket first); follows the browser's online/offline events until stop(). */
  start() {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#o.window?.addEventListener?.('online', this.#onOnline);
    this.#o.window?.addEventListener?.('offline', this.#onOffline);
    if (this.#o.navigator?.onLine === false) return this.#goOffline();
    this.#connect('connecting');
  }

  /** Closes every connection and timer; state becomes offline. Positions are kept, so start() resumes. */
  stop() {
    this.#stopped = true;
    this.#o.window?.removeEventListener?.('online', this.#onOnline);
    this.#o.window?.removeEventListener?.('offline', this.#onOffline);
    this.#teardown();
    this.#setState(ConnectionState.Offline, 'stopped');
  }

  /** Asks for the newest snapshot of `topic` (or of every topic) now: the page's manual refresh. */
  refresh(topic) {
    const topics = topic ? [topic] : this.#topics;
    if (this.#mode === 'ws' && this.#ws?.authenticated) {
      for (const t of topics) this.#ws.refresh(t);
    } else {
      void this.#poller().refresh(topics);
    }
  }

  // ---- WebSocket -------------------------------------------------------------------------------------------------

  // A fresh start from WebSocket with a fresh back-off (start, back online).
  #connect(reason) {
    this.#teardown();
    this.#mode = 'ws';
    this.#attempt = 0;
    this.#wsFailures = 0;
    this.#setState(ConnectionState.Reconnecting, reason);
    this.#openWebSocket('primary');
  }

  // role 'primary': the transport in use (mode 'ws'); 'probe': a try in the background while on a fallback.
  #openWebSocket(role) {
    if (role === 'probe' && this.#mode === 'ws') return;
    const session = new WebSocketSession({
      ...this.#o,
      topics: this.#topics,
      // A probe whose subscribe is never fully answered must not block the probes after it.
      subscribeTimeoutMs: role === 'probe' ? this.#o.authTimeoutMs : 0,
      since: () => this.#positions.since(this.#topics),
      fetchToken: () => fetchSessionToken(this.#o),
      onAuthenticated: () => { if (session === this.#ws) this.#wentLive(); },
      onSubscribed: () => {
        if (session === this.#probe) this.#promote(session);
        else if (session === this.#ws) this.#resetBackoffWhenStable(session);
      },
      onMessage: message => this.#deliver(message),
      onProblem: data => this.#problem(data),
      onUnauthorized: () => this.#unauthorized(),
      onClose: event => this.#webSocketClosed(session, event),
    });
    if (role === 'primary') this.#ws = session;
    else this.#probe = session;
  }

  // `auth` succeeded: the WebSocket works, so its failures no longer count towards falling back. The back-off is not
  // reset here: a server that accepts `auth` and closes at once would be reconnected to within a second, for ever.
  #wentLive() {
    this.#wsFailures = 0;
    this.#setState(ConnectionState.Live, 'websocket');
  }

  // A session that is subscribed and still the one in use after liveStableMs has proved the server healthy: the next
  // reconnect may be quick again. A session closed before then leaves the timer to find another session in #ws.
  #resetBackoffWhenStable(session) {
    this.#later(() => { if (session === this.#ws) this.#attempt = 0; }, this.#o.liveStableMs);
  }

  // The probe is authenticated and subscribed with `since` = what the fallback delivered, so the fallback can go now:
  // whatever it delivered after that `since` the WebSocket replays, and the positions drop the overlap.
  #promote(session) {
    this.#probe = null;
    clearTimeout(this.#probeTimer);
    this.#closeFallbacks();
    this.#mode = 'ws';
    this.#ws = session;
    this.#wentLive();
    this.#resetBackoffWhenStable(session);
  }

  #webSocketClosed(session, { code, reason, authenticated, blocked }) {
    if (this.#stopped) return;
    if (session === this.#probe) {
      this.#probe = null;
      return this.#scheduleProbe();
    }
    if (session !== this.#ws) return;
    this.#ws = null;
    // No WebSocket at all (blocked by policy or missing): a second try cannot do better, so fall back now.
    if (blocked) this.#wsFailures = Math.max(this.#wsFailures, this.#o.wsFailuresBeforeFallback - 1);
    if (!authenticated) return this.#webSocketFailed(`closed ${code} ${reason ?? ''}`.trim());
    // A live session ended (server restart, slow consumer, network): reconnect and resume with `since`.
    this.#setState(ConnectionState.Reconnecting, `closed ${code}`);
    this.#later(() => this.#openWebSocket('primary'), this.#nextDelay());
  }

  #webSocketFailed(reason) {
    this.#wsFailures++;
    if (this.#wsFailures >= this.#o.wsFailuresBeforeFallback) return this.#startFallback(reason);
    this.#setState(ConnectionState.Reconnecting, reason);
    this.#later(() => this.#openWebSocket('primary'), this.#nextDelay());
  }

  // While on a fallback, WebSocket is retried with the same back-off, so a proxy that now passes upgrades is found.
  #scheduleProbe() {
    clearTimeout(this.#probeTimer);
    if (this.#stopped || this.#mode === 'ws' || this.#probe) return;
    const epoch = this.#epoch;
    this.#probeTimer = setTimeout(() => { if (epoch === this.#epoch) this.#openWebSocket('probe'); }, this.#nextDelay());
  }

  #nextDelay() {
    return backoffDelay(this.#attempt++, this.#o, this.#o.random);
  }

  // ---- fallbacks: Server-Sent Events (§4), then polling (§6) ------------------------------------------------------

  #startFallback(reason) {
    if (this.#o.EventSource) this.#startEventSource(reason);
    else this.#startPolling('no EventSource');
  }

  #startEventSource(reason) {
    this.#mode = 'sse';
    this.#setState(ConnectionState.Reconnecting, reason);
    try {
      this.#sse = new SseTransport({
        ...this.#o,
        topics: this.#topics,
        // Resume where the WebSocket stopped; EventSource's own reconnects send Last-Event-ID, which the server prefers.
        resumeToken: this.#positions.resumeToken(this.#topics),
        onOpen: () => this.#setState(ConnectionState.Sse, 'sse'),
        onMessage: envelope => this.#deliver(envelope),
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

  #startPolling(reason) {
    if (this.#stopped) return;
    this.#mode = 'polling';
    this.#setState(ConnectionState.Reconnecting, reason);
    this.#poller().start();
    this.#scheduleProbe();
  }

  #poller() {
    this.#snapshotPoller ??= new SnapshotPoller({
      topics: this.#topics,
      urlFor: topic => new URL(this.#o.snapshotPath + encodeURIComponent(topic), this.#o.baseUrl).href,
      fetch: this.#o.fetch,
      intervalMs: this.#o.pollIntervalMs,
      timeoutMs: this.#o.requestTimeoutMs,
      lastSeq: topic => this.#positions.get(topic),
      onMessage: (envelope, forced) => this.#deliver(envelope, forced),
      onRound: result => {
        if (this.#stopped || this.#mode !== 'polling') return;
        if (result === 'unauthorized') return this.#unauthorized();
        this.#setState(result === 'ok' ? ConnectionState.Polling : ConnectionState.Offline, 'polling');
      },
    });
    return this.#snapshotPoller;
  }

  #closeFallbacks() {
    this.#sse?.close();
    this.#sse = null;
    this.#snapshotPoller?.stop();
  }

  // ---- shared -----------------------------------------------------------------------------------------------------

  #goOffline() {
    if (this.#stopped) return;
    this.#teardown();
    this.#setState(ConnectionState.Offline, 'browser offline');
  }

  #teardown() {
    this.#epoch++;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    clearTimeout(this.#probeTimer);
    this.#ws?.close(1000, 'client stopping');
    this.#probe?.close(1000, 'client stopping');
    this.#ws = null;
    this.#probe = null;
    this.#closeFallbacks();
  }

  // Hands a data message to the page once: each transport delivers a topic in order, and the positions drop what
  // another transport (or an earlier connection) already delivered. A forced refresh is always delivered.
  #deliver(message, force = false) {
    if (!message || typeof message.type !== 'string') return;
    if (!this.#positions.accept(message, force)) return;
    this.dispatchEvent(new CustomEvent('message', { detail: message }));
  }

  #problem(data) {
    const problem = { code: data?.code ?? 'error', message: data?.message ?? '' };
    this.dispatchEvent(new CustomEvent('problem', { detail: problem }));
    if (AUTH_ERRORS.has(problem.code)) {
      // The token was refused or ran out: if the cookie session is over too, retrying cannot help.
      const epoch = this.#epoch;
      void fetchSessionToken(this.#o).catch(e => { if (e?.unauthorized && epoch === this.#epoch) this.#unauthorized(); });
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

  #later(fn, ms) {
    const epoch = this.#epoch;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (epoch === this.#epoch) fn();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }
}
