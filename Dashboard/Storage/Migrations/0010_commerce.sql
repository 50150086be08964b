-- Commerce state (Commerce/), written by the event fold in the transaction that moves its watermark, so each event is
-- applied once; docs/metrics.md §7 gives the formulas and docs/events.md §4 the merge rules. Buckets are quarter-hours of
-- UTC (Calendar/Buckets), so every tenant's business day, week and month, in any zone, is a union of them.

-- One row per transaction: the newest status by event time and the amount and currency of that same event.
CREATE TABLE IF NOT EXISTS commerce_transactions (
    tenant          text        NOT NULL,
    transaction_id  text        NOT NULL,
    status          text        NOT NULL,
    -- Event time of the newest status; revenue and "transactions today" count a transaction when it reached its status.
    status_at       timestamptz NOT NULL,
    amount          numeric     NOT NULL,
    currency        text        NOT NULL,
    -- The winning event's id: the last tie-break, so the state never depends on arrival order.
    event_id        text        NOT NULL,
    first_seen      timestamptz NOT NULL,
    PRIMARY KEY (tenant, transaction_id)
);

-- Revenue per minute over the last hour reads only completed transactions of that hour.
CREATE INDEX IF NOT EXISTS commerce_transactions_completed ON commerce_transactions (tenant, status_at) WHERE status = 'completed';

-- Transactions by the quarter-hour their current status was reached, status and currency: count and amount, kept by
-- -1/+1 deltas when a transaction's status, bucket, amount or currency changes.
CREATE TABLE IF NOT EXISTS commerce_transaction_buckets (
    tenant        text        NOT NULL,
    bucket        timestamptz NOT NULL,
    status        text        NOT NULL,
    currency      text        NOT NULL,
    transactions  bigint      NOT NULL DEFAULT 0,
    amount        numeric     NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, bucket, status, currency)
);

CREATE INDEX IF NOT EXISTS commerce_transaction_buckets_by_bucket ON commerce_transaction_buckets (bucket);

-- The same by status and currency over all time (the all-time figures without summing every bucket ever).
CREATE TABLE IF NOT EXISTS commerce_transaction_totals (
    tenant        text    NOT NULL,
    status        text    NOT NULL,
    currency      text    NOT NULL,
    transactions  bigint  NOT NULL DEFAULT 0,
    amount        numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, status, currency)
);

-- Each user's newest activity (user.active event time). Active now = last_active in the last 5 minutes: an index range.
CREATE TABLE IF NOT EXISTS commerce_users (
    tenant       text        NOT NULL,
    user_id      text        NOT NULL,
    last_active  timestamptz NOT NULL,
    PRIMARY KEY (tenant, user_id)
);

CREATE INDEX IF NOT EXISTS commerce_users_by_activity ON commerce_users (tenant, last_active);

-- Distinct users active today, exact and kept by the fold: a user counts when their last_active moves from before
-- day_start to at or after it. When the tenant's business day (or zone) is no longer day_start, the count is taken again
-- from commerce_users_by_activity (small right after midnight) by the fold, under its lock.
CREATE TABLE IF NOT EXISTS commerce_users_today (
    tenant     text        NOT NULL PRIMARY KEY,
    day_start  timestamptz NOT NULL,
    users      bigint      NOT NULL
);

-- The highest "active now" the tick computed in each UTC minute: peak24h and the active-users trend.
CREATE TABLE IF NOT EXISTS commerce_active_minutes (
    tenant  text        NOT NULL,
    minute  timestamptz NOT NULL,
    peak    bigint      NOT NULL,
    PRIMARY KEY (tenant, minute)
);

-- Views and purchases per content item (all time), and per quarter-hour for the tenant (today's figures).
CREATE TABLE IF NOT EXISTS commerce_content (
    tenant      text    NOT NULL,
    content_id  text    NOT NULL,
    views       bigint  NOT NULL DEFAULT 0,
    purchases   bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, content_id)
);

CREATE TABLE IF NOT EXISTS commerce_content_buckets (
    tenant     text        NOT NULL,
    bucket     timestamptz NOT NULL,
    views      bigint      NOT NULL DEFAULT 0,
    purchases  bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, bucket)
);
