// Shared by the Chat page, the Wallboard's chat view and the Overview's chat cards (docs/pages.md, "Chat"): what counts
// as "the tenant has chat data", and live waits ticked between chat_update messages. Server-side twin:
// Pages/ChatView/ChatFirstView.cs.
import { format, NONE } from './format.js';
import { computedAtMs } from './page-shell.js';
import { setTicking } from './queue-view.js';

/** The threshold metric of a waiting time (Pages:Thresholds:chatWaitSeconds). */
export const WAIT_METRIC = 'chatWaitSeconds';

const count = v => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * False for the empty domain: no session counted (waiting, active, closed or resolved today), no message and no CSAT
 * response today, and no agent.
 */
export function hasChatData(d) {
  if (!d) return false;
  const s = d.sessions ?? {};
  return count(s.active) + count(s.waiting) + count(s.closedToday) + count(s.resolvedToday) > 0
    || count(d.messages?.today) > 0 || count(d.csat?.responses) > 0 || (Array.isArray(d.agents) && d.agents.length > 0);
}

/** "1 response", "5 responses" ("—" without a number). */
export const responsesText = n => (typeof n === 'number' && Number.isFinite(n)
  ? `${format.integer(n)} ${n === 1 ? 'response' : 'responses'}` : NONE);

/**
 * Makes `element` show the wait of a session waiting since `startedAt` (ISO), ticking every second: its wait at the
 * payload's computedAt, plus the time since then on this browser's clock. A snapshot can be minutes old (it is only
 * published when something else changed), so the wait runs on from computedAt, not from when the message arrived; a
 * browser clock behind the server's counts from arrival instead, so a wait never runs backwards. Null → "—".
 */
export function setWait(element, startedAt, d) {
  const start = Date.parse(startedAt ?? '');
  const at = computedAtMs(d);
  if (!Number.isFinite(start) || !Number.isFinite(at)) {
    setTicking(element, null);
    return;
  }
  element.dataset.tickMetric = WAIT_METRIC;
  setTicking(element, Math.max(0, (at - start) / 1000), Math.min(at, Date.now()));
}

/** The longest wait into `element`: the oldest waiting session's, else the payload's figure as of computedAt. */
export function setLongestWait(element, d) {
  const oldest = Array.isArray(d?.waitingSessions) ? d.waitingSessions[0] : undefined;
  if (oldest) {
    setWait(element, oldest.startedAt, d);
  } else {
    element.dataset.tickMetric = WAIT_METRIC;
    const at = computedAtMs(d);
    setTicking(element, d?.longestWaitSeconds ?? null, Number.isFinite(at) ? Math.min(at, Date.now()) : Date.now());
  }
}
