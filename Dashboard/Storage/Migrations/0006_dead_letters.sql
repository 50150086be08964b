-- Events the fold could not apply (Folding/DeadLetters, docs/dead-letters.md). The event itself stays in `events`;
-- an entry names it by (event_txid, event_seq), is inserted in the transaction that moves the fold's watermark past it
-- (so it is set aside exactly once), retried with back-off while `retrying`, and waits for an admin once `quarantined`.
CREATE TABLE IF NOT EXISTS dead_letters (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant          text        NOT NULL,
    event_txid      xid8        NOT NULL,
    event_seq       bigint      NOT NULL UNIQUE,
    event_source    text        NOT NULL,
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    stage           text        NOT NULL DEFAULT 'fold',
    state           text        NOT NULL CHECK (state IN ('retrying', 'quarantined')),
    attempts        integer     NOT NULL DEFAULT 1,
    error           text        NOT NULL,
    sql_state       text,
    first_failed_at timestamptz NOT NULL,
    last_failed_at  timestamptz NOT NULL,
    next_attempt_at timestamptz
);

CREATE INDEX IF NOT EXISTS dead_letters_due ON dead_letters (next_attempt_at) WHERE state = 'retrying';
CREATE INDEX IF NOT EXISTS dead_letters_by_tenant ON dead_letters (tenant, id);
