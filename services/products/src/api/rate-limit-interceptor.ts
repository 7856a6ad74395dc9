import { createHash } from 'node:crypto';
import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { createFleetRateLimiter, type Logger, type SharedRateBuckets } from '@marketplace/platform';
import { API_KEY_HEADER } from './api-key-interceptor.ts';
import type { CallName } from './products-access.ts';

export interface RateLimitOptions {
  /** The API keys to limit, each with its own bucket. */
  keys: readonly string[];
  ratePerSecond: number;
  burst: number;
  /** The calls that count. */
  guarded: (call: CallName) => boolean;
  /** Where the replicas share each key's bucket; without it each replica limits on its own. */
  shared?: SharedRateBuckets;
  log?: Logger;
}

/**
 * A token bucket per API key, for all replicas together: a call beyond the rate fails with ResourceExhausted (HTTP 429) and
 * a `retry-after` header in whole seconds (at least 1). Runs after the API key check, so every
 * key it sees is a configured one and the buckets never grow.
 */
export function createRateLimitInterceptor(options: RateLimitOptions): Interceptor {
  const { ratePerSecond, burst, guarded, shared, log } = options;
  const buckets = new Map(
    options.keys.map((key) => [
      key,
      createFleetRateLimiter({ bucket: bucketName(key), ratePerSecond, burst, shared, log }),
    ]),
  );
  return (next) => async (req) => {
    const bucket = guarded(req) && buckets.get(req.header.get(API_KEY_HEADER) ?? '');
    if (!bucket) return next(req);
    const taken = await bucket.tryTake();
    if (taken.ok) return next(req);
    const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
    throw new ConnectError(
      `rate limit of ${ratePerSecond} requests/s exceeded for this API key; retry after ${seconds}s`,
      Code.ResourceExhausted,
      { 'retry-after': String(seconds) },
    );
  };
}

/** The key's bucket in the shared store: a digest, so the table holds no key. */
function bucketName(key: string): string {
  return `products:api-key:${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;
}
