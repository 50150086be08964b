-- Commerce events (transaction.updated, user.active, content.viewed, content.purchased) stored before the commerce fold
-- existed (migration 0010) were passed by the fold's watermark without being applied. Folding/FoldBackfill applies them
-- once, in bounded chunks, from 'commerce_backfill' (its progress) up to 'commerce_backfill_end' (the fold's watermark when
-- this migration ran); everything after that is the fold's own work. Each chunk and its progress commit together, so no
-- event is applied twice (the content counts add up). On a fresh database the range is empty.
INSERT INTO fold_watermarks (name, txid, seq) VALUES ('commerce_backfill', '0'::xid8, 0) ON CONFLICT (name) DO NOTHING;
INSERT INTO fold_watermarks (name, txid, seq)
SELECT 'commerce_backfill_end', txid, seq FROM fold_watermarks WHERE name = 'campaign_metrics'
ON CONFLICT (name) DO NOTHING;
