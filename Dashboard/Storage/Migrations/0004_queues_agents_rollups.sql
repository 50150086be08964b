-- Queue and agent state, and the hourly roll-ups every windowed metric reads (Folding/EventFolder keeps them, by deltas,
-- in the transaction that moves its watermark; docs/metrics.md gives the formulas).

-- When the caller entered a queue (first call.queued), and the service-level threshold T of that queue at that moment:
-- frozen on the row, so a changed threshold never makes a call's earlier and later contributions disagree.
ALTER TABLE calls ADD COLUMN IF NOT EXISTS queued_at timestamptz;
ALTER TABLE calls ADD COLUMN IF NOT EXISTS sl_threshold_seconds integer;

-- Callers waiting now (queued, neither answered nor ended): read every second, proportional to the waiting.
CREATE INDEX IF NOT EXISTS calls_waiting ON calls (tenant, queue, queued_at)
    WHERE queued_at IS NOT NULL AND answered_at IS NULL AND ended_at IS NULL;
-- Recent calls (newest ended first) and the retention job's deletes.
CREATE INDEX IF NOT EXISTS calls_by_end ON calls (tenant, ended_at) WHERE ended_at IS NOT NULL;

-- Each agent's current status and since when (the event time of the newest agent.status_changed).
CREATE TABLE IF NOT EXISTS agents (
    tenant        text        NOT NULL,
    agent_id      text        NOT NULL,
    name          text,
    status        text        NOT NULL,
    status_since  timestamptz NOT NULL,
    queues        text[],
    -- Queue of the agent's latest answered call: its after-call work counts towards that queue's AHT.
    last_queue    text,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, agent_id)
);

-- Tenants with an agent logged in are recomputed every tick (occupancy moves with the clock): found without a scan.
CREATE INDEX IF NOT EXISTS agents_online ON agents (tenant) WHERE status <> 'offline';

-- Calls by the UTC hour they started and the agent who handled them ('' for none). Counters move by the difference
-- between a call's contribution before and after each fold chunk, so late and out-of-order events stay exact.
CREATE TABLE IF NOT EXISTS call_hourly (
    tenant            text        NOT NULL,
    hour              timestamptz NOT NULL,
    agent_id          text        NOT NULL,
    calls             bigint      NOT NULL DEFAULT 0,
    ended             bigint      NOT NULL DEFAULT 0,
    answered          bigint      NOT NULL DEFAULT 0,
    duration_sum      double precision NOT NULL DEFAULT 0,
    duration_count    bigint      NOT NULL DEFAULT 0,
    outcome_completed bigint      NOT NULL DEFAULT 0,
    outcome_busy      bigint      NOT NULL DEFAULT 0,
    outcome_no_answer bigint      NOT NULL DEFAULT 0,
    outcome_failed    bigint      NOT NULL DEFAULT 0,
    outcome_converted bigint      NOT NULL DEFAULT 0,
    outcome_opted_out bigint      NOT NULL DEFAULT 0,
    outcome_abandoned bigint      NOT NULL DEFAULT 0,
    outcome_voicemail bigint      NOT NULL DEFAULT 0,
    outcome_canceled  bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, hour, agent_id)
);

-- Queued calls by the UTC hour they entered the queue. A call is offered once it has left the queue: answered, or
-- ended unanswered (abandoned). After-call work is added in the hour it started, to the queue of the agent's last call.
CREATE TABLE IF NOT EXISTS queue_hourly (
    tenant            text        NOT NULL,
    hour              timestamptz NOT NULL,
    queue             text        NOT NULL,
    offered           bigint      NOT NULL DEFAULT 0,
    answered          bigint      NOT NULL DEFAULT 0,
    answered_within   bigint      NOT NULL DEFAULT 0,
    abandoned         bigint      NOT NULL DEFAULT 0,
    answer_wait_sum   double precision NOT NULL DEFAULT 0,
    abandon_wait_sum  double precision NOT NULL DEFAULT 0,
    handled           bigint      NOT NULL DEFAULT 0,
    talk_sum          double precision NOT NULL DEFAULT 0,
    acw_sum           double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, hour, queue)
);

-- Seconds each agent spent in each status, split at UTC hour boundaries; an interval is added when it closes (the
-- agent's next status change), the open one is added by whoever reads.
CREATE TABLE IF NOT EXISTS agent_hourly (
    tenant            text        NOT NULL,
    hour              timestamptz NOT NULL,
    agent_id          text        NOT NULL,
    available_seconds double precision NOT NULL DEFAULT 0,
    on_call_seconds   double precision NOT NULL DEFAULT 0,
    acw_seconds       double precision NOT NULL DEFAULT 0,
    busy_seconds      double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, hour, agent_id)
);

-- Which tenants' folded changes the 1 s tick has not published yet: the fold bumps fold_seq in its transaction, the
-- tick raises published_seq to what it read once its snapshots are out. A tick that fails after the fold committed
-- (or a node that dies there) leaves the tenants dirty for the next tick, on whichever node it runs.
ALTER TABLE fold_tenants ADD COLUMN IF NOT EXISTS fold_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE fold_tenants ADD COLUMN IF NOT EXISTS published_seq bigint NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS fold_tenants_unpublished ON fold_tenants (tenant) WHERE fold_seq > published_seq;

-- The retention job deletes events by age, but never past the fold's watermark.
CREATE INDEX IF NOT EXISTS events_by_time ON events (time);
