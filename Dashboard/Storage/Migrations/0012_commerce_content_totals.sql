-- All-time content views and purchases per tenant, kept by the fold in the transaction that writes commerce_content (the
-- way commerce_transaction_totals keeps the transactions), so the 1 s tick reads one row instead of summing every content
-- item of a live shop (docs/metrics.md §7). Filled once here from what commerce_content holds; every later fold chunk,
-- the commerce backfill's included (migration 0011), adds its deltas to both tables together. Retention keeps it.
CREATE TABLE IF NOT EXISTS commerce_content_totals (
    tenant     text   NOT NULL PRIMARY KEY,
    views      bigint NOT NULL DEFAULT 0,
    purchases  bigint NOT NULL DEFAULT 0
);

INSERT INTO commerce_content_totals (tenant, views, purchases)
SELECT tenant, sum(views), sum(purchases) FROM commerce_content GROUP BY tenant
ON CONFLICT (tenant) DO NOTHING;
