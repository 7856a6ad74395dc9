-- Token buckets every replica draws from, so a rate limit holds for the whole fleet rather than
-- per process (platform's fleet rate limiter). A take is one upsert of the bucket's row. Unlogged:
-- a take writes no WAL, so it waits for no disk flush; after a crash or a failover the table is
-- empty and each bucket starts full again, one burst more, which a limit can afford.
CREATE UNLOGGED TABLE rate_limit_buckets (
  -- Serves the take's upsert of one bucket.
  bucket text PRIMARY KEY,
  tokens double precision NOT NULL,
  -- What the latest take was given, so its statement can answer with it.
  granted integer NOT NULL,
  refilled_at timestamptz NOT NULL
);
