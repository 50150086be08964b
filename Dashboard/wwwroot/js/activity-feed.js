// The activity feed's list (docs/pages.md "KPIs & Activity"): entries {eventId, source, type, domain, subject, summary,
// severity, time} keyed by (source, eventId), newest first by time, at most `max`. An `activity` message's data is one
// entry, or {items, count}: the topic's snapshot (the newest 200) or a coalesced batch (the newest ≤ 200 of `count`).

export const FEED_MAX = 200;

/** The key of an entry: producers' event ids are unique per source (docs/events.md §1). */
export const entryKey = e => `${e?.source ?? ''}\u001f${e?.eventId ?? ''}`;

const isEntry = e => e && typeof e === 'object' && typeof e.eventId === 'string';
const timeOf = e => { const t = Date.parse(e.time ?? ''); return Number.isFinite(t) ? t : -Infinity; };

/** The entries of an `activity` message's data (one entry, or `items`), oldest first so the newest lands on top. */
export function entriesOf(data) {
  if (isEntry(data)) return [data];
  return Array.isArray(data?.items) ? data.items.filter(isEntry).reverse() : [];
}

/** True when `data` is a list ({items, count}) rather than one entry. */
export const isList = data => Array.isArray(data?.items);

export class ActivityFeed {
  #max;
  #byKey = new Map();
  #order = 0;   // arrival order, to keep entries of the same time stable (later arrivals first)

  constructor(max = FEED_MAX) { this.#max = max; }

  /** Entries held. */
  get size() { return this.#byKey.size; }

  /** True when an entry with `key` is held. */
  has(key) { return this.#byKey.has(key); }

  /**
   * Adds `entries` (an entry already held is ignored) and keeps the newest `max`. Returns the number of entries added.
   */
  add(entries) {
    let added = 0;
    for (const e of entries) {
      const key = entryKey(e);
      if (this.#byKey.has(key)) continue;
      added++;
      this.#byKey.set(key, { entry: e, key, at: timeOf(e), order: ++this.#order });
    }
    if (this.#byKey.size > this.#max) {
      const kept = this.#sorted().slice(0, this.#max);
      this.#byKey = new Map(kept.map(x => [x.key, x]));
    }
    return added;
  }

  #sorted() {
    return [...this.#byKey.values()].sort((a, b) => b.at - a.at || b.order - a.order);
  }

  /** The entries, newest first, with their keys: [{key, entry}]. */
  list() { return this.#sorted().map(({ key, entry }) => ({ key, entry })); }
}
