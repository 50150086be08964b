// The client's position in each topic's stream (docs/protocol.md §3.8: `seq` rises by one per message of a topic). It is
// what makes transport switches invisible to the page: every transport resumes from it, and a message at or below it
// has already been delivered (WebSocket and SSE overlap while the client moves back to WebSocket).

export class TopicPositions {
  #last = new Map();

  /** The last `seq` delivered on `topic`, or undefined. */
  get(topic) {
    return this.#last.get(topic);
  }

  /**
   * True when `message` should reach the page. A `resync` drops the topic's position so that the snapshot after it is
   * accepted even though its `seq` may be lower (the stream restarted). `force` (a manual refresh) always delivers
   * but never moves the position back.
   */
  accept(message, force = false) {
    if (message.type === 'resync') {
      this.#last.delete(message.topic);
      return true;
    }
    if (typeof message.seq !== 'number' || typeof message.topic !== 'string') return true;
    const last = this.#last.get(message.topic);
    if (last !== undefined && message.seq <= last) return force;
    this.#last.set(message.topic, message.seq);
    return true;
  }

  /** `{topic: seq}` for the topics with a position (the WebSocket `since`), or null when there is none. */
  since(topics) {
    const since = {};
    for (const topic of topics) {
      if (this.#last.has(topic)) since[topic] = this.#last.get(topic);
    }
    return Object.keys(since).length > 0 ? since : null;
  }

  /**
   * The same positions as an SSE resume token (docs/protocol.md: base64url of `{"topic":seq,…}`), so a stream opened
   * after a WebSocket resumes where the WebSocket stopped. Null when there is no position.
   */
  resumeToken(topics) {
    const since = this.since(topics);
    if (!since) return null;
    const bytes = new TextEncoder().encode(JSON.stringify(since));
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
}
