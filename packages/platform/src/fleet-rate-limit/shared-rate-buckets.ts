import type pg from 'pg';

/** What a take from a shared bucket answers: tokens given, and when none, how long until one is there. */
export interface SharedGrant {
  granted: number;
  retryAfterMs: number;
}

/** A bucket's refill rate and size. */
export interface BucketLimit {
  ratePerSecond: number;
  burst: number;
}

/** Token buckets kept in a store that every replica reaches. */
export interface SharedRateBuckets {
  /** Takes up to `want` whole tokens from `bucket` (created full on first use) in one atomic step. */
  take(bucket: string, limit: BucketLimit, want: number): Promise<SharedGrant>;
}

// The bucket's level now: what it held plus the refill since, capped at the burst. Time is the
// database's, so replicas' clocks do not matter; a take that waited for the row lock behind a later
// one sees no negative refill.
const LEVEL = `LEAST($3::float8, b.tokens + $2::float8 * GREATEST(0, extract(epoch FROM now() - b.refilled_at)::float8))`;
const GRANT = `LEAST($4::int, floor(${LEVEL}))::int`;
const TAKE = `
  INSERT INTO rate_limit_buckets AS b (bucket, tokens, granted, refilled_at)
  VALUES ($1, $3::float8 - LEAST($4::int, floor($3::float8)), LEAST($4::int, floor($3::float8))::int, now())
  ON CONFLICT (bucket) DO UPDATE SET
    granted = ${GRANT},
    tokens = ${LEVEL} - ${GRANT},
    refilled_at = GREATEST(b.refilled_at, now())
  RETURNING granted, tokens`;

/**
 * Buckets in the `rate_limit_buckets` table of the service's own database (each service's
 * migrations create it). A take is one upsert: the row lock serialises replicas, so the fleet
 * together never gets more than the burst plus the rate times the time passed.
 */
export function createPostgresRateBuckets(pool: pg.Pool): SharedRateBuckets {
  return {
    async take(bucket, { ratePerSecond, burst }, want) {
      const { rows } = await pool.query<{ granted: number; tokens: number }>({
        name: 'rate-limit-bucket-take',
        text: TAKE,
        values: [bucket, ratePerSecond, burst, want],
      });
      const { granted, tokens } = rows[0]!;
      const retryAfterMs = granted > 0 ? 0 : Math.max(1, Math.ceil(((1 - tokens) * 1000) / ratePerSecond));
      return { granted, retryAfterMs };
    },
  };
}
