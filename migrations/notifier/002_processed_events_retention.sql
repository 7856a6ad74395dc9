-- Serves the retention job: the oldest records made before the cutoff, a bounded batch at a time.
CREATE INDEX processed_events_processed_at_idx ON processed_events (processed_at);
