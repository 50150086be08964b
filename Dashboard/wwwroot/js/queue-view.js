// Shared by the Queue & Agents page and the Wallboard: agent status labels, the service-level wording and the 1 s
// ticker that keeps "longest wait" and "time in status" moving between server updates. Formats match
// Pages/Queues/QueueFormat.cs.
import { format, isNumber, NONE, setText } from './page-shell.js';

/** Agent statuses in display order with their labels (colours: --status-<key> in site.css). */
export const STATUSES = [
  ['available', 'Available'],
  ['on_call', 'On call'],
  ['after_call_work', 'After-call work'],
  ['busy', 'Busy'],
  ['offline', 'Offline'],
];
const LABELS = new Map(STATUSES);

/** "On call" for "on_call"; the key itself when unknown. */
export const statusLabel = status => LABELS.get(status) ?? status ?? NONE;

/** The agent-count field of queue_updated's `agents` for a status key. */
export const STATUS_FIELDS = { available: 'available', on_call: 'onCall', after_call_work: 'afterCallWork', busy: 'busy', offline: 'offline' };

/** Service level against T: 0.82, 20 → "82 % in 20 s". */
export const serviceLevelText = (ratio, thresholdSeconds) =>
  isNumber(ratio) ? `${Math.round(ratio * 100)} % in ${thresholdSeconds} s` : NONE;

/**
 * Makes `element` count up from `baseSeconds` as of `atMs` (epoch ms), or stops it (showing "—") when baseSeconds is
 * null. The ticker rewrites it every second.
 */
export function setTicking(element, baseSeconds, atMs = Date.now()) {
  if (!element) return;
  if (!isNumber(baseSeconds)) {
    delete element.dataset.tickBase;
    delete element.dataset.tickAt;
    delete element.dataset.seconds;
    setText(element, NONE);
    return;
  }
  element.dataset.tickBase = String(baseSeconds);
  element.dataset.tickAt = String(atMs);
  tickOne(element, Date.now());
}

function tickOne(element, now) {
  const base = Number(element.dataset.tickBase);
  const at = Number(element.dataset.tickAt);
  if (!Number.isFinite(base) || !Number.isFinite(at)) return;
  // A producer clock ahead of the browser's must not show a negative time.
  const seconds = Math.max(0, base + (now - at) / 1000);
  setText(element, format.seconds(seconds));
  element.dataset.seconds = String(Math.round(seconds));
}

/** Rewrites every ticking element under `root` once a second (one timer for the page; nothing is allocated per tick). */
export function startTicker(root = document, onTick) {
  const run = () => {
    const now = Date.now();
    for (const el of root.querySelectorAll('[data-tick-at]')) tickOne(el, now);
    onTick?.(now);
  };
  run();
  return setInterval(run, 1000);
}
