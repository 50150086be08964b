-- The realtime backplane (Realtime/Backplane): one seq per (tenant, topic) stream for the whole cluster, and a short log
-- of published messages so a node can repair a gap, fetch a message too big for NOTIFY, and warm up after a restart.

-- One row per stream. The row lock taken by the seq upsert is held until commit, so two nodes publishing on one stream
-- commit (and therefore NOTIFY) in seq order.
CREATE TABLE IF NOT EXISTS realtime_streams (
    tenant       text   NOT NULL,
    topic        text   NOT NULL,
    seq          bigint NOT NULL,
    snapshot_seq bigint,
    PRIMARY KEY (tenant, topic)
);

-- Transient by design: pruned to Realtime:HistoryTtl / HistorySize (the newest snapshot of each stream is kept), and
-- UNLOGGED because every node also holds it in memory; after a database crash it starts empty and nodes resync.
CREATE UNLOGGED TABLE IF NOT EXISTS realtime_messages (
    tenant      text    NOT NULL,
    topic       text    NOT NULL,
    seq         bigint  NOT NULL,
    type        text    NOT NULL,
    is_snapshot boolean NOT NULL,
    ts_ms       bigint  NOT NULL,
    envelope    bytea   NOT NULL,
    -- Chosen by the publishing node: after a failure that may have hidden a commit, it asks which ids made it rather
    -- than publishing them twice.
    publish_id  uuid    NOT NULL,
    PRIMARY KEY (tenant, topic, seq)
);

CREATE UNIQUE INDEX IF NOT EXISTS realtime_messages_publish_id ON realtime_messages (publish_id);

-- ts_ms is the database's clock at commit (one clock for every node), so rows arrive in time order and a BRIN index
-- makes the age-based prune cheap.
CREATE INDEX IF NOT EXISTS realtime_messages_by_time ON realtime_messages USING brin (ts_ms);
