-- Daily roll-ups (Rollups/DailyRollup): hourly rows of UTC days that ended more than 8 days ago, past every
-- window a query reads, are added here and deleted from the hourly tables in one statement per table. Same counters as
-- the hourly tables of 0004, keyed by the UTC day; kept for Retention:RollupDays (Retention/RetentionSweeper).

CREATE TABLE IF NOT EXISTS call_daily (
    tenant            text        NOT NULL,
    day               date        NOT NULL,
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
    PRIMARY KEY (tenant, day, agent_id)
);

CREATE TABLE IF NOT EXISTS queue_daily (
    tenant            text        NOT NULL,
    day               date        NOT NULL,
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
    PRIMARY KEY (tenant, day, queue)
);

CREATE TABLE IF NOT EXISTS agent_daily (
    tenant            text        NOT NULL,
    day               date        NOT NULL,
    agent_id          text        NOT NULL,
    available_seconds double precision NOT NULL DEFAULT 0,
    on_call_seconds   double precision NOT NULL DEFAULT 0,
    acw_seconds       double precision NOT NULL DEFAULT 0,
    busy_seconds      double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, day, agent_id)
);

-- The roll-up takes the oldest hours of every tenant and the retention job deletes by age across tenants: without these
-- both would scan whole tables whose primary keys lead with the tenant. Only `hour`/`day` are indexed, never a counter,
-- so the fold's counter updates stay HOT.
CREATE INDEX IF NOT EXISTS call_hourly_by_hour ON call_hourly (hour);
CREATE INDEX IF NOT EXISTS queue_hourly_by_hour ON queue_hourly (hour);
CREATE INDEX IF NOT EXISTS agent_hourly_by_hour ON agent_hourly (hour);
CREATE INDEX IF NOT EXISTS call_daily_by_day ON call_daily (day);
CREATE INDEX IF NOT EXISTS queue_daily_by_day ON queue_daily (day);
CREATE INDEX IF NOT EXISTS agent_daily_by_day ON agent_daily (day);
