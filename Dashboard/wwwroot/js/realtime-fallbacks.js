// The fallback transports of RealtimeClient: Server-Sent Events (PROTOCOL.md §4) and snapshot polling (§6).
// Each reports through callbacks; the client decides what happens next.

import { DATA_EVENT_TYPES } from './realtime-protocol.js';

/**
 * One EventSource on `/sse?topics=…`, cookie-authenticated. Gives up (onFailed) when the browser closes the stream for
 * good (HTTP error, wrong content type) or when it fails `sseFailuresBeforeFallback` times in a row without opening.
 */
export class SseTransport {
  #es;
  #failures = 0;
  #opened = false;
  #closed = false;

  /**
   * @param {{ssePath: string, baseUrl: string, topics: string[], resumeToken: string | null,
   *          EventSource: typeof EventSource, sseFailuresBeforeFallback: number,
   *          onOpen: () => void, onMessage: (envelope: object) => void,
   *          onProblem: (problem: {code: string, message: string}) => void, onReconnecting: () => void,
   *          onFailed: (reason: string) => void}} o
   */
  constructor(o) {
    const url = new URL(o.ssePath, o.baseUrl);
    url.searchParams.set('topics', o.topics.join(','));
    if (o.resumeToken) url.searchParams.set('lastEventId', o.resumeToken);
    this.#es = new o.EventSource(url.href, { withCredentials: true });
    this.#es.onopen = () => {
      this.#opened = true;
      this.#failures = 0;
      o.onOpen();
    };
    const onData = event => {
      let envelope;
      try {
        envelope = JSON.parse(event.data);
      } catch {
        return;  // not an envelope
      }
      o.onMessage(envelope);
    };
    for (const type of [...DATA_EVENT_TYPES, 'resync']) this.#es.addEventListener(type, onData);
    this.#es.addEventListener('error', event => {
      if (this.#closed) return;
      if (event.data) {
        // `event: error` from the server (e.g. token_expired), not a connection failure.
        let problem;
        try {
          const parsed = JSON.parse(event.data);
          problem = parsed.data ?? parsed;
        } catch {
          problem = { code: 'error', message: event.data };
        }
        o.onProblem(problem);
        return;
      }
      // readyState CLOSED (2): the browser gave up (401, 404, not text/event-stream). CONNECTING: it retries by itself.
      if (!this.#opened || this.#es.readyState === 2) this.#failures++;
      if (this.#es.readyState === 2 || this.#failures >= o.sseFailuresBeforeFallback) {
        this.close();
        o.onFailed('sse failed');
        return;
      }
      this.#opened = false;
      o.onReconnecting();
    });
  }

  close() {
    this.#closed = true;
    this.#es.close();
  }
}

/**
 * Polls `GET /api/v1/snapshots/{topic}` for every topic every `intervalMs`, with If-None-Match so an unchanged snapshot
 * costs a 304. After each round it reports 'ok' (at least one topic answered 200, 304 or 204 — no snapshot yet),
 * 'offline' (none did) or 'unauthorized' (401).
 */
export class SnapshotPoller {
  #o;
  #etags = new Map();
  #timer = null;
  #running = false;

  /**
   * @param {{topics: string[], urlFor: (topic: string) => string, fetch: typeof fetch, intervalMs: number,
   *          onMessage: (envelope: object, forced: boolean) => void,
   *          onRound: (result: 'ok' | 'offline' | 'unauthorized') => void}} o
   */
  constructor(o) {
    this.#o = o;
  }

  start() {
    this.#running = true;
    void this.#round();
  }

  stop() {
    this.#running = false;
    clearTimeout(this.#timer);
  }

  /** Fetches `topics` now, unconditionally (the manual refresh). */
  async refresh(topics) {
    await Promise.all(topics.map(t => this.#poll(t, true)));
  }

  async #round() {
    const results = await Promise.all(this.#o.topics.map(t => this.#poll(t, false)));
    if (!this.#running) return;
    this.#o.onRound(results.includes('unauthorized') ? 'unauthorized' : results.includes('ok') ? 'ok' : 'offline');
    if (this.#running) this.#timer = setTimeout(() => this.#round(), this.#o.intervalMs);
  }

  async #poll(topic, force) {
    const headers = { Accept: 'application/json' };
    const etag = this.#etags.get(topic);
    if (etag && !force) headers['If-None-Match'] = etag;
    let response;
    try {
      response = await this.#o.fetch(this.#o.urlFor(topic), { headers, credentials: 'same-origin', cache: 'no-store' });
    } catch {
      return 'failed';
    }
    if (response.status === 401) return 'unauthorized';
    // 204: the topic has no message yet; 304: unchanged since our ETag.
    if (response.status === 304 || response.status === 204) return 'ok';
    if (!response.ok) return 'failed';
    try {
      const envelope = await response.json();
      const tag = response.headers.get('ETag');
      if (tag) this.#etags.set(topic, tag);
      this.#o.onMessage(envelope, force);
      return 'ok';
    } catch {
      return 'failed';
    }
  }
}
