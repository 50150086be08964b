-- Notifications and alert rules (docs/notifications.md, docs/alerts.md).

-- One row per notification, from a producer's notification.created (written by the events INSERT's own statement,
-- like activity lines, so a duplicate event gets none) or from an alert rule (written in the evaluator's transaction
-- with the state change it announces, so a restart or failover never sends one twice). id orders them (newest = highest).
CREATE TABLE notifications (
    tenant      text        NOT NULL,
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    source      text        NOT NULL CHECK (source IN ('producer', 'rule')),
    title       text        NOT NULL,
    message     text        NOT NULL,
    severity    text        NOT NULL CHECK (severity IN ('info', 'success', 'warning', 'error')),
    category    text,
    action_url  text,
    created_at  timestamptz NOT NULL,
    -- source = producer: the event it came from
    event_source text,
    event_id     text,
    -- source = rule: the rule, the alert instance and the transition announced (firing | escalated | deescalated | resolved)
    rule_id     text,
    alert_id    bigint,
    state       text,
    PRIMARY KEY (tenant, id)
);
CREATE INDEX notifications_by_created ON notifications (created_at);

-- Per user (the token's sub) and notification: read marks. Unread = among the tenant's last 100, those without a row.
CREATE TABLE notification_reads (
    tenant          text        NOT NULL,
    subject         text        NOT NULL,
    notification_id bigint      NOT NULL,
    read_at         timestamptz NOT NULL,
    PRIMARY KEY (tenant, subject, notification_id)
);
CREATE INDEX notification_reads_by_read ON notification_reads (read_at);

-- Alert rules per tenant (docs/alerts.md). source = config: synced from Alerts:Rules at start (REST refuses to edit
-- them, 409); source = api: created by POST /api/v1/alerts/rules. version increments on every edit, so the evaluator
-- can tell a rule changed under an instance.
CREATE TABLE alert_rules (
    tenant                  text             NOT NULL,
    id                      text             NOT NULL,
    name                    text             NOT NULL,
    metric                  text             NOT NULL,   -- e.g. queue.longestWaitSeconds, kpi:leads
    labels                  jsonb            NOT NULL DEFAULT '{}'::jsonb,   -- selector {"queue":"support"}
    direction               text             NOT NULL CHECK (direction IN ('above', 'below')),
    warning                 double precision,
    critical                double precision,
    warning_recovery        double precision,
    critical_recovery       double precision,
    for_seconds             integer          NOT NULL DEFAULT 0,
    keep_firing_for_seconds integer          NOT NULL DEFAULT 0,
    no_data                 text             NOT NULL DEFAULT 'keep' CHECK (no_data IN ('ok', 'alerting', 'keep')),
    silenced_until          timestamptz,
    silenced_by             text,
    source                  text             NOT NULL CHECK (source IN ('config', 'api')),
    version                 integer          NOT NULL DEFAULT 1,
    created_at              timestamptz      NOT NULL,
    updated_at              timestamptz      NOT NULL,
    PRIMARY KEY (tenant, id)
);

-- One row per (rule, label set) the evaluator has seen: its state per severity. Only the evaluator writes state;
-- POST /api/v1/alerts/{id}/ack writes acknowledged_*. version increments on every write (optimistic check: two
-- evaluators never both apply a transition).
CREATE TABLE alert_instances (
    id               bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant           text             NOT NULL,
    rule_id          text             NOT NULL,
    label_key        text             NOT NULL,   -- canonical {a="x",b="y"} text of labels ('' for none)
    labels           jsonb            NOT NULL DEFAULT '{}'::jsonb,
    warning_state    text             NOT NULL DEFAULT 'normal' CHECK (warning_state IN ('normal', 'pending', 'firing', 'recovering')),
    warning_since    timestamptz      NOT NULL,
    critical_state   text             NOT NULL DEFAULT 'normal' CHECK (critical_state IN ('normal', 'pending', 'firing', 'recovering')),
    critical_since   timestamptz      NOT NULL,
    level            text             NOT NULL DEFAULT 'none' CHECK (level IN ('none', 'warning', 'critical')),  -- the notified level
    level_since      timestamptz      NOT NULL,
    value            double precision,             -- the newest evaluated value (null = no data)
    evaluated_at     timestamptz      NOT NULL,
    acknowledged_by  text,
    acknowledged_at  timestamptz,
    version          bigint           NOT NULL DEFAULT 1,
    UNIQUE (tenant, rule_id, label_key)
);

-- Every state change of an instance (per severity), for the Alerts page's last 24 h and GET /api/v1/alerts/history.
CREATE TABLE alert_transitions (
    id          bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text             NOT NULL,
    alert_id    bigint           NOT NULL,
    rule_id     text             NOT NULL,
    label_key   text             NOT NULL,
    labels      jsonb            NOT NULL DEFAULT '{}'::jsonb,
    severity    text             NOT NULL CHECK (severity IN ('warning', 'critical')),
    from_state  text             NOT NULL,
    to_state    text             NOT NULL,
    value       double precision,
    at          timestamptz      NOT NULL
);
CREATE INDEX alert_transitions_by_tenant ON alert_transitions (tenant, at);
CREATE INDEX alert_transitions_by_at ON alert_transitions (at);
