// The Calls page's live lists (Pages/Calls.cshtml): the active calls table, whose durations tick every second from
// each call's start without re-rendering the table, and the recent calls table. Rows are keyed by call id and
// updated in place from `call_event` messages and reconciled with `active_calls_update` snapshots (topic `calls`).
import { format, NONE, setText } from './page-shell.js';

const td = (text, className) => {
  const cell = document.createElement('td');
  if (className) cell.className = className;
  cell.textContent = text;
  return cell;
};
const timeCell = iso => {
  const cell = document.createElement('td');
  if (!iso) { cell.textContent = NONE; return cell; }
  const time = document.createElement('time');
  time.dateTime = iso;
  time.textContent = format.time(iso);
  cell.append(time);
  return cell;
};
const rowHeader = text => {
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = text;
  return th;
};
const emptyRow = (columns, text) => {
  const tr = document.createElement('tr');
  tr.className = 'empty-row';
  const cell = td(text);
  cell.colSpan = columns;
  tr.append(cell);
  return tr;
};

/** Active calls: rows by call id, durations ticking from `data-started-at`. */
export class ActiveCalls {
  /**
   * @param {HTMLTableElement} table  the active calls table (6 columns)
   * @param {(count: number|null, shown: number) => void} onCount  called with the number of active calls after a change
   */
  constructor(table, onCount) {
    this.body = table.tBodies[0];
    this.onCount = onCount;
    this.count = null;
    // Server clock minus browser clock, from each snapshot's computedAt, so durations agree with the server's.
    this.offsetMs = 0;
    // Calls ended by a call_event: a snapshot computed before the end must not bring them back.
    this.ended = new Map();
    this.timer = setInterval(() => this.tick(), 1000);
  }

  rows() { return new Map([...this.body.querySelectorAll('tr[data-call-id]')].map(tr => [tr.dataset.callId, tr])); }

  /** Renders the cells of `row` from `call` ({callId, campaignId, agentId, startedAt, answeredAt}). */
  fill(row, call) {
    row.dataset.callId = call.callId;
    const duration = td('', 'num duration');
    duration.dataset.startedAt = call.startedAt ?? '';
    row.replaceChildren(rowHeader(call.callId), td(call.campaignId ?? NONE), td(call.agentId ?? NONE),
      timeCell(call.startedAt), timeCell(call.answeredAt), duration);
    this.tickRow(duration, Date.now() + this.offsetMs);
    return row;
  }

  /**
   * An `active_calls_update` (or `/calls/active`) payload: the server's list, plus calls started after it was computed.
   * Returns how many shown calls it ended without a `call_event`.
   */
  snapshot(data) {
    if (!data) return 0;
    const computedAt = Date.parse(data.computedAt);
    if (Number.isFinite(computedAt)) this.offsetMs = computedAt - Date.now();
    const existing = this.rows();
    const keep = [];
    for (const call of Array.isArray(data.calls) ? data.calls : []) {
      if (this.ended.has(call.callId)) continue;  // a call_event ended it: an older snapshot may still list it
      const row = existing.get(call.callId) ?? document.createElement('tr');
      existing.delete(call.callId);
      keep.push(this.fill(row, call));
    }
    // Rows the snapshot does not know yet: started after it was computed. The others ended without a call_event
    // reaching the page (polling delivers snapshots only): the caller re-reads the recent calls then.
    let vanished = 0;
    for (const row of existing.values()) {
      const started = Date.parse(row.querySelector('.duration')?.dataset.startedAt ?? '');
      if (Number.isFinite(computedAt) && started > computedAt) keep.push(row); else { row.remove(); vanished += 1; }
    }
    this.body.replaceChildren(...keep);
    this.count = typeof data.activeCalls === 'number' ? data.activeCalls : keep.length;
    for (const [id, at] of this.ended) if (at < computedAt - 120_000) this.ended.delete(id);
    this.changed();
    return vanished;
  }

  /** A `call_event`; returns the ended call's row values (for the recent list) on `call_ended`. */
  event(data) {
    const rows = this.rows();
    const row = rows.get(data.callId);
    if (data.event === 'call_started') {
      if (this.ended.has(data.callId)) return null;
      if (!row) {
        this.body.append(this.fill(document.createElement('tr'), {
          callId: data.callId, campaignId: data.campaignId, agentId: data.agentId, startedAt: data.time,
        }));
        if (this.count !== null) this.count += 1;
      }
    } else if (data.event === 'call_answered') {
      if (row) {
        const cells = row.cells;
        if (data.agentId) setText(cells[2], data.agentId);
        cells[4].replaceWith(timeCell(data.time));
      }
    } else if (data.event === 'call_ended') {
      this.ended.set(data.callId, Date.parse(data.time) || Date.now());
      let from = null;
      if (row) {
        from = { campaignId: row.cells[1].textContent, agentId: row.cells[2].textContent, startedAt: row.querySelector('.duration').dataset.startedAt };
        row.remove();
        if (this.count !== null) this.count = Math.max(0, this.count - 1);
      }
      this.changed();
      return from;
    }
    this.changed();
    return null;
  }

  changed() {
    const shown = this.body.querySelectorAll('tr[data-call-id]').length;
    const empty = this.body.querySelector('.empty-row');
    if (shown === 0 && !empty) this.body.append(emptyRow(6, 'No call in progress.'));
    if (shown > 0) empty?.remove();
    this.onCount(this.count, shown);
  }

  tickRow(cell, now) {
    const started = Date.parse(cell.dataset.startedAt);
    setText(cell, Number.isFinite(started) ? format.seconds(Math.max(0, (now - started) / 1000)) : NONE);
  }

  /** Rewrites each duration cell (only the text changes; the rows stay). */
  tick() {
    const now = Date.now() + this.offsetMs;
    this.body.querySelectorAll('td.duration').forEach(cell => this.tickRow(cell, now));
  }
}

/** Recent calls: the newest ended calls, newest first, at most `limit`. */
export class RecentCalls {
  constructor(table, limit) {
    this.body = table.tBodies[0];
    this.limit = limit;
  }

  row(call) {
    const tr = document.createElement('tr');
    tr.dataset.callId = call.callId;
    const outcome = document.createElement('span');
    outcome.className = `outcome outcome-${call.outcome ?? 'unknown'}`;
    outcome.textContent = call.outcome ?? NONE;
    const outcomeCell = td('');
    outcomeCell.append(outcome);
    tr.append(timeCell(call.endedAt), rowHeader(call.callId), td(call.campaignId ?? NONE), td(call.agentId ?? NONE),
      td(call.direction ?? NONE), outcomeCell, td(format.seconds(call.durationSeconds), 'num'));
    return tr;
  }

  /** A `/calls/recent` payload: replaces the list. */
  render(data) {
    const calls = Array.isArray(data?.calls) ? data.calls : [];
    this.body.replaceChildren(...(calls.length ? calls.map(c => this.row(c)) : [emptyRow(7, 'No call has ended yet.')]));
  }

  /** A call that just ended (`call_ended`), on top. */
  add(call) {
    this.body.querySelector('.empty-row')?.remove();
    this.body.querySelector(`tr[data-call-id="${CSS.escape(call.callId)}"]`)?.remove();
    this.body.prepend(this.row(call));
    while (this.body.rows.length > this.limit) this.body.lastElementChild.remove();
  }
}

/** The call that a `call_ended` message ends, as a recent-calls row. */
export function endedCall(data, from) {
  const clean = v => (v && v !== NONE ? v : null);
  const started = Date.parse(from?.startedAt ?? '');
  const ended = Date.parse(data.time);
  return {
    callId: data.callId,
    campaignId: data.campaignId ?? clean(from?.campaignId),
    agentId: data.agentId ?? clean(from?.agentId),
    direction: data.direction ?? null,
    outcome: data.outcome ?? null,
    endedAt: data.time,
    durationSeconds: typeof data.durationSeconds === 'number' ? data.durationSeconds
      : Number.isFinite(started) && Number.isFinite(ended) ? (ended - started) / 1000 : null,
  };
}
