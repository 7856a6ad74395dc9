import { sleep } from './retry.ts';

/** Options of {@link createTokenBucket}. */
export interface TokenBucketOptions {
  /** Tokens added per second; must be greater than 0. */
  ratePerSecond: number;
  /** Most tokens held at once, i.e. the largest burst. Default: `ratePerSecond`, at least 1. */
  burst?: number;
  /** Monotonic clock in milliseconds. Default `performance.now`; tests pass their own. */
  now?: () => number;
}

/** The outcome of {@link TokenBucket.tryTake}: a token, or how long until one is there. */
export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

/** A token bucket: `ratePerSecond` tokens a second on average, up to `burst` at once. */
export interface TokenBucket {
  /** Takes a token if one is there now; otherwise answers how long until one will be. Never waits. */
  tryTake(): TakeResult;
  /**
   * Takes a token, waiting for it when there is none. Waiters are served first come, first served.
   * Rejects with the signal's reason when `signal` aborts before the token is there (the token is
   * then given back).
   */
  take(signal?: AbortSignal): Promise<void>;
}

/**
 * Creates a token bucket that starts full. Used as a server-side limiter (`tryTake`, answer 429
 * with the wait) and as a client-side one (`take`, slow down instead of failing).
 */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const { ratePerSecond: rate, now = () => performance.now() } = options;
  const burst = options.burst ?? Math.max(1, rate);
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`ratePerSecond must be > 0, got ${rate}`);
  if (!(burst >= 1) || !Number.isFinite(burst)) throw new RangeError(`burst must be >= 1, got ${burst}`);

  // Waiters reserve their token up front, so `tokens` goes below zero while they wait: that debt
  // is what makes later callers wait longer (first come, first served) and tryTake refuse.
  let tokens = burst;
  let last = now();
  const refill = () => {
    const at = now();
    tokens = Math.min(burst, tokens + ((at - last) * rate) / 1000);
    last = at;
  };
  const msUntil = (level: number) => Math.ceil(((level - tokens) * 1000) / rate);

  return {
    tryTake() {
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.max(1, msUntil(1)) };
    },

    async take(signal) {
      signal?.throwIfAborted();
      refill();
      tokens -= 1;
      if (tokens >= 0) return;
      try {
        await sleep(msUntil(0), signal);
      } catch (err) {
        refill();
        tokens = Math.min(burst, tokens + 1);
        throw err;
      }
    },
  };
}
