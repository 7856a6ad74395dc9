import { setTimeout as sleep } from 'node:timers/promises';

/** Waits for `promise` at most `ms`; true when it settled in time (its outcome is ignored). */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const timer = new AbortController();
  const settled = promise.then(
    () => true,
    () => true,
  );
  const timedOut = sleep(ms, false, { signal: timer.signal }).catch(() => false);
  try {
    return await Promise.race([settled, timedOut]);
  } finally {
    timer.abort();
  }
}
