-- Chat events stored before the chat fold existed (migration 0007) were passed by the fold's watermark without being
-- applied. Folding/ChatBackfill applies them once, in bounded chunks, from 'chat_backfill' (its progress) up to
-- 'chat_backfill_end' (the fold's watermark when this migration ran); everything after that is the fold's own work.
-- The chat fold's merges are idempotent, so a chunk applied twice (a crash between two of its steps) changes nothing.
INSERT INTO fold_watermarks (name, txid, seq) VALUES ('chat_backfill', '0'::xid8, 0) ON CONFLICT (name) DO NOTHING;
INSERT INTO fold_watermarks (name, txid, seq)
SELECT 'chat_backfill_end', txid, seq FROM fold_watermarks WHERE name = 'campaign_metrics'
ON CONFLICT (name) DO NOTHING;
