export interface RetryOptions {
  /** Attempts in all, the first included (default 3). */
  attempts?: number;
  /** Backoff before the second attempt; doubled for each next one (default 100 ms). */
  baseDelayMs?: number;
  /** Upper bound of the computed backoff (default 2 s). */
  maxDelayMs?: number;
  /** Whether a failure is transient and the work may run again. */
  retryable: (err: unknown) => boolean;
  /** A wait the server asked for (e.g. `retry-after`), used when longer than the backoff. */
  delayHintMs?: (err: unknown) => number | undefined;
  /** A server hint longer than this is not waited for: the failure is thrown at once (default 10 s). */
  maxHintMs?: number;
  /** Ends the waiting between attempts; the wait then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called before each wait, e.g. to log or count retries. */
  onRetry?: (info: { attempt: number; delayMs: number; err: unknown }) => void;
  /** Source of jitter in [0, 1) (tests pass a fixed one). */
  random?: () => number;
}

/**
 * Runs `work` until it succeeds, fails with a non-retryable error, or has run `attempts` times,
 * waiting between attempts with exponential backoff and jitter (half the delay is random), or
 * longer when the failure carries a server hint such as `retry-after`. Only use it for work that is
 * safe to repeat (reads, or writes with an idempotency key).
 */
export async function retryWithBackoff<T>(
  work: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const attempts = options.attempts ?? 3;
  const base = options.baseDelayMs ?? 100;
  const max = options.maxDelayMs ?? 2_000;
  const maxHint = options.maxHintMs ?? 10_000;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (err) {
      if (attempt >= attempts || options.signal?.aborted || !options.retryable(err)) throw err;
      const hint = options.delayHintMs?.(err) ?? 0;
      if (hint > maxHint) throw err;
      const delayMs = Math.max(hint, backoffDelayMs(attempt, { baseDelayMs: base, maxDelayMs: max, random }));
      options.onRetry?.({ attempt, delayMs, err });
      await sleep(delayMs, options.signal);
    }
  }
}

/**
 * The wait after `failures` failures in a row (1 after the first): doubling from `baseDelayMs` (100 ms)
 * up to `maxDelayMs` (2 s), half of it random so that many clients failing together do not retry
 * together. The one backoff of every retry loop, `retryWithBackoff`'s and long-running loops' alike.
 */
export function backoffDelayMs(
  failures: number,
  {
    baseDelayMs = 100,
    maxDelayMs = 2_000,
    random = Math.random,
  }: Partial<Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>> = {},
): number {
  return Math.round(Math.min(maxDelayMs, baseDelayMs * 2 ** (failures - 1)) * (0.5 + random() / 2));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
