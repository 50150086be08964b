-- Per-tenant business days (Calendar/, docs/metrics.md §1). The hourly roll-ups (call_hourly, queue_hourly,
-- agent_hourly) keep their shape: from now on the fold keys them by the UTC quarter-hour (the column keeps its name
-- `hour`); rows written before are whole hours, still valid, and count in the quarter they start.
--
-- The daily roll-ups (Rollups/DailyRollup) add a tenant's quarter-hours into its LOCAL date in the zone it had when they
-- were rolled up; the row records that zone, so a tenant whose zone changed has, for a date near the change, one row per
-- zone. Readers sum a date's rows whatever their zone. Rows from before this migration were rolled up by UTC date.

ALTER TABLE call_daily  ADD COLUMN IF NOT EXISTS time_zone text NOT NULL DEFAULT 'UTC';
ALTER TABLE queue_daily ADD COLUMN IF NOT EXISTS time_zone text NOT NULL DEFAULT 'UTC';
ALTER TABLE agent_daily ADD COLUMN IF NOT EXISTS time_zone text NOT NULL DEFAULT 'UTC';

ALTER TABLE call_daily  DROP CONSTRAINT IF EXISTS call_daily_pkey;
ALTER TABLE call_daily  ADD PRIMARY KEY (tenant, day, agent_id, time_zone);
ALTER TABLE queue_daily DROP CONSTRAINT IF EXISTS queue_daily_pkey;
ALTER TABLE queue_daily ADD PRIMARY KEY (tenant, day, queue, time_zone);
ALTER TABLE agent_daily DROP CONSTRAINT IF EXISTS agent_daily_pkey;
ALTER TABLE agent_daily ADD PRIMARY KEY (tenant, day, agent_id, time_zone);
