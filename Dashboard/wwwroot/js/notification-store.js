// The notification centre's list (docs/pages.md "Notifications"): notifications {id, title, message, severity, category,
// actionUrl, createdAt, source, ruleId, alertId, state, read?} keyed by id (higher = newer), newest first, at most
// NOTIFICATIONS_MAX. A `notification` message's data is one notification, or {items, count}: the topic's snapshot (the
// newest 100) or a coalesced batch. Read marks are per user and come only from REST (GET /api/v1/notifications); a
// message never carries one, so a notification first seen in a message is unread. A mark this page made (mark read,
// mark all read) stays until a REST answer confirms it: an answer read before the mark, landing after it, says
// read:false and must not undo it.

import { isOlder } from './alert-book.js';

export const NOTIFICATIONS_MAX = 100;

const isItem = n => n && typeof n === 'object' && Number.isFinite(n.id);

/** The notifications of a `notification` message's data (one, or `items`). */
export function notificationsOf(data) {
  if (isItem(data)) return [data];
  return Array.isArray(data?.items) ? data.items.filter(isItem) : [];
}

export class NotificationStore {
  #max;
  #byId = new Map();
  #marked = new Set();   // ids this page marked read that no REST answer has confirmed yet
  #acks = new Map();     // alertId → {acknowledgedBy, acknowledgedAt, level, version}: the highest version seen

  constructor(max = NOTIFICATIONS_MAX) { this.#max = max; }

  /** The highest id held, or 0. */
  get newestId() {
    let max = 0;
    for (const id of this.#byId.keys()) if (id > max) max = id;
    return max;
  }

  /**
   * Merges `items`: a known id keeps its read mark unless `items` carries one (a REST answer); a new id is unread unless it
   * carries one. Keeps the newest `max`. Returns the notifications that were not held before (newest first).
   */
  merge(items) {
    const added = [];
    for (const n of items) {
      const held = this.#byId.get(n.id);
      if (n.read === true) this.#marked.delete(n.id);
      const read = this.#marked.has(n.id) || (typeof n.read === 'boolean' ? n.read : held?.read ?? false);
      if (!held) added.push(n);
      this.#byId.set(n.id, { ...held, ...n, read });
    }
    if (this.#byId.size > this.#max) {
      const keep = new Set(this.list().slice(0, this.#max).map(n => n.id));
      for (const id of [...this.#byId.keys()]) if (!keep.has(id)) { this.#byId.delete(id); this.#marked.delete(id); }
    }
    return added.filter(n => this.#byId.has(n.id)).sort((a, b) => b.id - a.id);
  }

  /** Newest first. */
  list() { return [...this.#byId.values()].sort((a, b) => b.id - a.id); }

  /** Unread among those held (the newest 100, like the server's unreadCount). */
  get unreadCount() {
    let n = 0;
    for (const item of this.#byId.values()) if (!item.read) n++;
    return n;
  }

  /** Marks `id` read after the server did (true when it was held and unread); kept until a REST answer confirms it. */
  markRead(id) {
    const item = this.#byId.get(id);
    if (!item || item.read) return false;
    item.read = true;
    this.#marked.add(id);
    return true;
  }

  /**
   * Marks read every notification held with id ≤ `upToId` (all held when absent), as POST
   * /api/v1/notifications/read-all?upToId= did on the server; returns how many were unread.
   */
  markAllRead(upToId = Infinity) {
    let n = 0;
    for (const item of this.#byId.values()) {
      if (item.id > upToId || item.read) continue;
      item.read = true;
      this.#marked.add(item.id);
      n++;
    }
    return n;
  }

  /**
   * Records an alert instance's acknowledgement (an alert_state message's data, an item of GET /api/v1/alerts or an ack's
   * answer). Per id the highest `version` wins (docs/alert-states.md, "Instance shape"), so a REST answer that lands after
   * a newer live message never undoes an acknowledgement. Returns true when it was taken.
   */
  setAlert(instance) {
    if (!instance || instance.id == null) return false;
    const id = String(instance.id);
    if (isOlder(instance, this.#acks.get(id))) return false;
    this.#acks.set(id, {
      acknowledgedBy: instance.acknowledgedBy ?? null, acknowledgedAt: instance.acknowledgedAt ?? null, level: instance.level ?? null,
      version: Number.isFinite(instance.version) ? instance.version : null,
    });
    return true;
  }

  /** What is known of alert `alertId`: {acknowledgedBy, acknowledgedAt, level, version}, or undefined. */
  alert(alertId) { return this.#acks.get(String(alertId)); }
}
