-- Incremental state of the campaign metrics job (Folding/EventFolder): folded from `events` in (txid, seq) order, so a
-- tick costs what arrived since the last one, never what is stored.

-- One row per call, whatever order its events arrive in: every column is filled by whichever event carries it.
CREATE TABLE IF NOT EXISTS calls (
    tenant           text        NOT NULL,
    call_id          text        NOT NULL,
    campaign_id      text,
    direction        text,
    queue            text,
    agent_id         text,
    started_at       timestamptz,
    answered_at      timestamptz,
    ended_at         timestamptz,
    outcome          text,
    duration_seconds double precision,
    PRIMARY KEY (tenant, call_id)
);

-- Active calls (started, not ended) are read every second; the partial index keeps that proportional to live calls.
CREATE INDEX IF NOT EXISTS calls_active ON calls (tenant, started_at) WHERE ended_at IS NULL;
-- The dialing-rate window (attempts started in the last 60 s).
CREATE INDEX IF NOT EXISTS calls_by_start ON calls (tenant, started_at);

-- Counters per campaign, changed only by deltas computed from a call's state before and after a fold.
CREATE TABLE IF NOT EXISTS campaigns (
    tenant              text        NOT NULL,
    campaign_id         text        NOT NULL,
    name                text,
    status              text,
    queue_depth         integer,
    -- Event time of the campaign.updated that set name/status/queue_depth: an older one arriving late never overwrites.
    info_time           timestamptz,
    total_attempts      bigint      NOT NULL DEFAULT 0,
    answered            bigint      NOT NULL DEFAULT 0,
    outcome_completed   bigint      NOT NULL DEFAULT 0,
    outcome_busy        bigint      NOT NULL DEFAULT 0,
    outcome_no_answer   bigint      NOT NULL DEFAULT 0,
    outcome_failed      bigint      NOT NULL DEFAULT 0,
    outcome_converted   bigint      NOT NULL DEFAULT 0,
    outcome_opted_out   bigint      NOT NULL DEFAULT 0,
    outcome_abandoned   bigint      NOT NULL DEFAULT 0,
    outcome_voicemail   bigint      NOT NULL DEFAULT 0,
    outcome_canceled    bigint      NOT NULL DEFAULT 0,
    -- Latest attempt start: tenants whose dialing rate may still be non-zero are found without touching `calls`.
    last_attempt_at     timestamptz,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, campaign_id)
);

CREATE INDEX IF NOT EXISTS campaigns_by_last_attempt ON campaigns (last_attempt_at);

-- Every tenant the fold has seen: "tenants that have state" without scanning history.
CREATE TABLE IF NOT EXISTS fold_tenants (
    tenant          text        PRIMARY KEY,
    last_folded_at  timestamptz NOT NULL DEFAULT now()
);

-- How far each fold has read `events`, updated in the same transaction as the state it produced (exactly once).
CREATE TABLE IF NOT EXISTS fold_watermarks (
    name  text   PRIMARY KEY,
    txid  xid8   NOT NULL,
    seq   bigint NOT NULL
);

INSERT INTO fold_watermarks (name, txid, seq) VALUES ('campaign_metrics', '0'::xid8, 0) ON CONFLICT (name) DO NOTHING;
