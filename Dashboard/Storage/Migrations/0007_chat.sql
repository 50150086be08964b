-- Chat and support state (Chat/ChatFold keeps it in the transaction that moves the fold's watermark; docs/metrics.md §6
-- gives the formulas). Every column is a merge that does not depend on arrival order: the earliest or the newest event
-- time wins, so events folded out of order give the same rows.

-- One row per session, created by whichever of its events is folded first.
CREATE TABLE IF NOT EXISTS chat_sessions (
    tenant             text        NOT NULL,
    session_id         text        NOT NULL,
    -- channel of the earliest chat.session_started (the one the customer arrived on; null: none named)
    channel            text,
    -- earliest chat.session_started: waits, first response and resolution are measured from it
    started_at         timestamptz,
    -- newest chat.session_started: one later than the close reopens the session, and a waiting session waits since it
    opened_at          timestamptz,
    -- earliest chat.session_assigned (the end of the wait)
    assigned_at        timestamptz,
    -- agent and time of the newest chat.session_assigned (a transfer moves the session to its new agent)
    agent_id           text,
    agent_assigned_at  timestamptz,
    -- earliest chat.message with sender agent (Zendesk's first reply)
    first_response_at  timestamptz,
    -- newest chat.session_closed and its resolved flag (false when absent)
    closed_at          timestamptz,
    resolved           boolean     NOT NULL DEFAULT false,
    -- open: never closed, or started or assigned again after the newest close (a reopen)
    is_open            boolean     NOT NULL GENERATED ALWAYS AS (closed_at IS NULL OR COALESCE(GREATEST(opened_at, agent_assigned_at) > closed_at, false)) STORED,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, session_id)
);

-- Waiting and active sessions are read every tick: proportional to the open sessions, not to history.
CREATE INDEX IF NOT EXISTS chat_sessions_open ON chat_sessions (tenant, opened_at) WHERE is_open;
-- "Today" figures read a range of one of these times, so their cost follows today's sessions.
CREATE INDEX IF NOT EXISTS chat_sessions_by_assignment ON chat_sessions (tenant, assigned_at) WHERE assigned_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS chat_sessions_by_agent_assignment ON chat_sessions (tenant, agent_assigned_at) WHERE agent_assigned_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS chat_sessions_by_first_response ON chat_sessions (tenant, first_response_at) WHERE first_response_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS chat_sessions_by_close ON chat_sessions (tenant, closed_at) WHERE closed_at IS NOT NULL;

-- One row per message; a chat.message_status folded before its chat.message creates the row with only the status.
CREATE TABLE IF NOT EXISTS chat_messages (
    tenant      text        NOT NULL,
    message_id  text        NOT NULL,
    -- from the earliest chat.message with this id (null until one is folded)
    session_id  text,
    kind        text,
    sender      text,
    sent_at     timestamptz,
    -- newest chat.message_status by event time; at equal times the later stage wins (sent < delivered < read < failed)
    status      text,
    status_at   timestamptz,
    PRIMARY KEY (tenant, message_id)
);

-- Retention deletes by age.
CREATE INDEX IF NOT EXISTS chat_messages_by_time ON chat_messages (tenant, sent_at);

-- Messages by the UTC hour they were sent, sender, kind and current status (a message with no status yet counts as
-- sent). A status change moves one message between rows (a delta of -1 and +1 in the fold's transaction), so the
-- tick's "today" and per-hour figures read at most 24 rows per combination, however many messages are stored.
CREATE TABLE IF NOT EXISTS chat_message_hourly (
    tenant    text        NOT NULL,
    hour      timestamptz NOT NULL,
    sender    text        NOT NULL,
    kind      text        NOT NULL,
    status    text        NOT NULL,
    messages  bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, hour, sender, kind, status)
);

-- One row per csat.submitted event (its CloudEvents source and id: folded once).
CREATE TABLE IF NOT EXISTS chat_csat (
    tenant        text        NOT NULL,
    source        text        NOT NULL,
    event_id      text        NOT NULL,
    submitted_at  timestamptz NOT NULL,
    score         smallint    NOT NULL CHECK (score BETWEEN 1 AND 5),
    session_id    text,
    call_id       text,
    -- the event's agentId; when absent, the session's agent is looked up when read (it may be assigned later)
    agent_id      text,
    PRIMARY KEY (tenant, source, event_id)
);

CREATE INDEX IF NOT EXISTS chat_csat_by_time ON chat_csat (tenant, submitted_at);
