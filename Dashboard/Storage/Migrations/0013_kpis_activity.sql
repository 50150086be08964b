-- Custom KPIs (metric.reported) and the activity feed (docs/metrics.md §8, docs/activity.md).

-- One row per series: (tenant, series_key), series_key being the canonical Prometheus text form of name and labels,
-- labels sorted by name (ordinal) with values escaped as in the exposition format: `leads`, `ai_conversations{bot="a",channel="web"}`.
-- A row is created at ingest, in the same check that enforces Kpis:MaxSeriesPerTenant (reports = 0, value null until the
-- fold applies the first report), or by the fold when a report's series has no row (a backfilled event).
CREATE TABLE kpi_series (
    tenant           text             NOT NULL,
    series_key       text             NOT NULL,
    name             text             NOT NULL,
    labels           jsonb            NOT NULL DEFAULT '{}'::jsonb,   -- {"label": "value"}; text values only
    kind             text             NOT NULL CHECK (kind IN ('gauge', 'counter')),
    -- gauge: the value of the newest report by event time (ties: the later committed, by (txid, seq));
    -- counter: the sum of every report's value (each report is a delta). Null before the first report is folded.
    value            double precision,
    value_time       timestamptz,      -- gauge: the event time of `value`; counter: the newest report's event time
    value_txid       xid8,             -- with value_seq: the position of the report `value` came from (gauge ties)
    value_seq        bigint,
    reports          bigint           NOT NULL DEFAULT 0,
    last_received_at timestamptz,      -- when the newest report (by arrival) was received: staleness is measured from it
    created_at       timestamptz      NOT NULL,
    PRIMARY KEY (tenant, series_key)
);
-- Retention and the tick's "live" check look series up by arrival time.
CREATE INDEX kpi_series_by_received ON kpi_series (last_received_at);

-- Per series and UTC minute (event time): the sparkline points and the per-minute history of GET /api/v1/kpis/{name}
-- (up to 24 h); counters' ratePerMinute sums delta_sum of the 5 complete minutes before the current one.
CREATE TABLE kpi_minutely (
    tenant     text             NOT NULL,
    series_key text             NOT NULL,
    minute     timestamptz      NOT NULL,
    last_value double precision NOT NULL,  -- gauge: the newest report in the minute (event time, then (txid, seq))
    last_time  timestamptz      NOT NULL,
    last_txid  xid8             NOT NULL,
    last_seq   bigint           NOT NULL,
    delta_sum  double precision NOT NULL,  -- counter: the sum of the minute's reports (gauges: also summed, unused)
    reports    integer          NOT NULL,
    PRIMARY KEY (tenant, series_key, minute)
);
CREATE INDEX kpi_minutely_by_minute ON kpi_minutely (minute);

-- The same per UTC quarter-hour (the roll-ups' grain, docs/architecture.md: a zone change re-buckets by regrouping
-- quarters into local hours), kept 30 days and more: the per-hour history of GET /api/v1/kpis/{name} up to 30 days.
-- The column is `hour` like the other quarter-hour roll-ups.
CREATE TABLE kpi_hourly (
    tenant     text             NOT NULL,
    series_key text             NOT NULL,
    hour       timestamptz      NOT NULL,
    last_value double precision NOT NULL,
    last_time  timestamptz      NOT NULL,
    last_txid  xid8             NOT NULL,
    last_seq   bigint           NOT NULL,
    delta_sum  double precision NOT NULL,
    reports    integer          NOT NULL,
    PRIMARY KEY (tenant, series_key, hour)
);
CREATE INDEX kpi_hourly_by_hour ON kpi_hourly (hour);

-- One line per newly stored event (docs/activity.md), written in the same statement as the event itself, so the feed
-- holds exactly the accepted events (a duplicate gets none). id orders the feed (newest = highest).
CREATE TABLE activity (
    tenant      text        NOT NULL,
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    source      text        NOT NULL,
    event_id    text        NOT NULL,
    type        text        NOT NULL,
    domain      text        NOT NULL,   -- voice | chat | commerce | kpi | notification
    subject     text,
    summary     text        NOT NULL,
    severity    text        NOT NULL CHECK (severity IN ('info', 'success', 'warning', 'error')),
    time        timestamptz NOT NULL,   -- the event's time
    received_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, id)
);
CREATE INDEX activity_by_type ON activity (tenant, type, id);
CREATE INDEX activity_by_domain ON activity (tenant, domain, id);
CREATE INDEX activity_by_received ON activity (received_at);

-- metric.reported events stored before this fold existed: applied once by Folding/FoldBackfill (like migration 0011).
INSERT INTO fold_watermarks (name, txid, seq) VALUES ('kpi_backfill', '0'::xid8, 0) ON CONFLICT (name) DO NOTHING;
INSERT INTO fold_watermarks (name, txid, seq)
SELECT 'kpi_backfill_end', txid, seq FROM fold_watermarks WHERE name = 'campaign_metrics'
ON CONFLICT (name) DO NOTHING;
