-- Serves the retention job's delete: sent events, oldest send first, up to a cutoff (the relay's
-- claim of unsent events is served by outbox_unsent_idx).
CREATE INDEX outbox_sent_at_idx ON outbox (sent_at) WHERE sent_at IS NOT NULL;
