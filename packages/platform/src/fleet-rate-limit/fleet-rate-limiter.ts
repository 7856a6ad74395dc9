import type { Logger } from '../logger.ts';
import { sleep } from '../retry.ts';
import { createTokenBucket, type TakeResult } from '../token-bucket.ts';
import type { SharedRateBuckets } from './shared-rate-buckets.ts';

/** Options of {@link createFleetRateLimiter}. */
export interface FleetRateLimiterOptions {
  /** The bucket's name in the shared store: replicas naming the same bucket share one limit. */
  bucket: string;
  /** Tokens a second for the whole fleet. */
  ratePerSecond: number;
  /** Largest burst for the whole fleet. */
  burst: number;
  /** The store every replica reaches; without it the limit is this replica's alone. */
  shared?: SharedRateBuckets;
  /** Tokens asked of the store per round trip. Default a tenth of min(rate, burst), at least 1. */
  lease?: number;
  /** How long tokens taken from the store stay usable here. Default 1 s. */
  holdMs?: number;
  /** Longest wait for the store before this replica goes on with its local limit. Default 500 ms. */
  sharedTimeoutMs?: number;
  /** How long the local limit alone applies after the store failed. Default 1 s. */
  retrySharedAfterMs?: number;
  log?: Logger;
  /** Monotonic clock in milliseconds. Default `performance.now`. */
  now?: () => number;
}

/** A rate limit that holds across replicas: `tryTake` for servers (refuse), `take` for clients (wait). */
export interface FleetRateLimiter {
  /** Takes a token if the replica and the fleet have one now; otherwise answers how long until one is. */
  tryTake(): Promise<TakeResult>;
  /** Takes a token, waiting for it; rejects with the signal's reason when it aborts first. */
  take(signal?: AbortSignal): Promise<void>;
}

/**
 * A token bucket shared by the fleet through `shared`, in front of which each replica keeps a local
 * bucket of the same limit. The local one is the fast path: a replica over the limit on its own is
 * refused without asking the store, and the store hands out tokens in leases of a few, so most takes
 * cost no round trip. Tokens leased and unused expire after `holdMs`; they were taken from the fleet,
 * so the fleet stays within its limit (it may fall short of it by what replicas hold).
 *
 * When the store fails or is slow, the replica keeps the local limit alone, the whole limit, for
 * `retrySharedAfterMs`: requests are not failed for an outage, and a fleet of N replicas may then
 * reach N times the limit until the store answers again.
 */
export function createFleetRateLimiter(options: FleetRateLimiterOptions): FleetRateLimiter {
  const { bucket, ratePerSecond, burst, shared, log, now = () => performance.now() } = options;
  const local = createTokenBucket({ ratePerSecond, burst, now });
  if (!shared) return { tryTake: async () => local.tryTake(), take: (signal) => local.take(signal) };
  const lease = options.lease ?? Math.max(1, Math.floor(Math.min(ratePerSecond, burst) / 10));
  const holdMs = options.holdMs ?? 1000;
  const sharedTimeoutMs = options.sharedTimeoutMs ?? 500;
  const retrySharedAfterMs = options.retrySharedAfterMs ?? 1000;

  let held = 0;
  let heldUntil = 0;
  let emptyUntil = 0; // the store said it has no token before then
  let localOnlyUntil = 0; // the store failed: the local limit alone until then
  let asking: Promise<void> | undefined; // one round trip at a time per replica

  const ask = async () => {
    try {
      const grant = await withTimeout(shared.take(bucket, { ratePerSecond, burst }, lease), sharedTimeoutMs);
      held = grant.granted;
      heldUntil = now() + holdMs;
      emptyUntil = grant.granted > 0 ? 0 : now() + grant.retryAfterMs;
    } catch (err) {
      localOnlyUntil = now() + retrySharedAfterMs;
      log?.warn({ err, bucket }, 'shared rate limit unreachable: this replica limits on its own for now');
    }
  };

  /** A token of the fleet's: 0 once taken, else the milliseconds until the store has one. */
  const takeShared = async (): Promise<number> => {
    for (;;) {
      const at = now();
      if (at < localOnlyUntil) return 0;
      if (held > 0 && at < heldUntil) {
        held--;
        return 0;
      }
      if (at < emptyUntil) return Math.ceil(emptyUntil - at);
      asking ??= ask().finally(() => {
        asking = undefined;
      });
      await asking;
    }
  };

  return {
    async tryTake() {
      const taken = local.tryTake();
      if (!taken.ok) return taken;
      const waitMs = await takeShared();
      return waitMs === 0 ? taken : { ok: false, retryAfterMs: waitMs };
    },
    async take(signal) {
      await local.take(signal);
      for (let waitMs = await takeShared(); waitMs > 0; waitMs = await takeShared())
        await sleep(waitMs, signal);
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
