-- Every accepted CloudEvent, once per (tenant, source, id): the primary key is the de-duplication rule of docs/protocol.md §7.
CREATE TABLE IF NOT EXISTS events (
    tenant       text        NOT NULL,
    source       text        NOT NULL,
    event_id     text        NOT NULL,
    seq          bigint      GENERATED ALWAYS AS IDENTITY,
    type         text        NOT NULL,
    subject      text,
    time         timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    data         jsonb,
    -- The inserting transaction: recurring jobs read events in (txid, seq) order up to the oldest
    -- transaction still running, so an event committed late is never skipped by a watermark.
    txid         xid8        NOT NULL DEFAULT pg_current_xact_id(),
    PRIMARY KEY (tenant, source, event_id)
);

CREATE INDEX IF NOT EXISTS events_by_txid ON events (txid, seq);
