// The fallback transports of RealtimeClient: Server-Sent Events (docs/protocol.md §4) and snapshot polling (§6).
// Each reports through callbacks; the client decides what happens next.

import { DATA_EVENT_TYPES, DEFAULTS } from './realtime-protocol.js';

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
 * 'offline' (none did, or none within `timeoutMs`) or 'unauthorized' (401).
 */
export class SnapshotPoller {
  #o;
  #etags = new Map();      // topic → the ETag of the last snapshot polled
  #timer = null;
  #generation = 0;         // bumped by start() and stop(): a round of an older generation neither reports nor reschedules

  /**
   * @param {{topics: string[], urlFor: (topic: string) => string, fetch: typeof fetch, intervalMs: number,
   *          timeoutMs: number, lastSeq?: (topic: string) => number | undefined,
   *          onMessage: (envelope: object, forced: boolean) => void,
   *          onRound: (result: 'ok' | 'offline' | 'unauthorized') => void}} o
   */
  constructor(o) {
    this.#o = { ...o, timeoutMs: o.timeoutMs ?? DEFAULTS.requestTimeoutMs };
  }

  start() {
    this.stop();
    void this.#round(this.#generation);
  }

  stop() {
    this.#generation++;
    clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Fetches `topics` now, unconditionally (the manual refresh). */
  async refresh(topics) {
    await Promise.all(topics.map(t => this.#poll(t, true)));
  }

  // stop() and start() while a round waits for its requests would otherwise leave that round to schedule a second loop.
  async #round(generation) {
    const results = await Promise.all(this.#o.topics.map(t => this.#poll(t, false)));
    if (generation !== this.#generation) return;
    this.#o.onRound(results.includes('unauthorized') ? 'unauthorized' : results.includes('ok') ? 'ok' : 'offline');
    if (generation === this.#generation) this.#timer = setTimeout(() => this.#round(generation), this.#o.intervalMs);
  }

  async #poll(topic, force) {
    const headers = { Accept: 'application/json' };
    const etag = this.#etags.get(topic);
    if (etag && !force) headers['If-None-Match'] = etag;
    let response;
    try {
      // A request stuck in a proxy must fail the round, not hold the loop for ever. The signal also bounds the body.
      response = await this.#o.fetch(this.#o.urlFor(topic), {
        headers, credentials: 'same-origin', cache: 'no-store', signal: AbortSignal.timeout(this.#o.timeoutMs),
      });
    } catch {
      return 'failed';
    }
    if (response.status === 401) return 'unauthorized';
    // 204: the topic has no message yet; 304: unchanged since our ETag.
    if (response.status === 304 || response.status === 204) return 'ok';
    if (!response.ok) return 'failed';
    let envelope;
    try {
      envelope = await response.json();
    } catch {
      return 'failed';
    }
    const tag = response.headers.get('ETag');
    if (tag) this.#etags.set(topic, tag);
    if (this.#isNewEpoch(topic, etag, tag, envelope)) {
      // Polling has no `resync` of its own: say it here, so the position is reset and the page starts over.
      this.#o.onMessage({ type: 'resync', topic, ts: envelope.ts }, false);
    }
    this.#o.onMessage(envelope, force);
    return 'ok';
  }

  // A topic's snapshot seq only rises within one run of the server. A changed ETag whose seq is below the one polled
  // before, and at or below what was delivered, means the server restarted and counts from 1 again (a new epoch): its
  // snapshots would otherwise be dropped as already delivered until the seq passed the old one. Below the previous
  // ETag and not only below the position, because on `calls` the newest snapshot is older than the newest call_event
  // another transport delivered: that is no restart, and replaying it would deliver events twice.
  #isNewEpoch(topic, previousTag, tag, envelope) {
    if (!previousTag || !tag || tag === previousTag || typeof envelope?.seq !== 'number') return false;
    const previous = seqOf(previousTag);
    const last = this.#o.lastSeq?.(topic);
    return previous !== undefined && envelope.seq < previous && last !== undefined && envelope.seq <= last;
  }
}

// The seq in the server's ETag, `"<seq>"` (or weak, W/"<seq>"); undefined for any other form.
function seqOf(tag) {
  const match = /^(?:W\/)?"(\d+)"$/.exec(tag);
  return match ? Number(match[1]) : undefined;
}
