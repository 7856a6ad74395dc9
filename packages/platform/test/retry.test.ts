import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelayMs, retryWithBackoff, sleep } from '../src/retry.ts';

class Transient extends Error {
  constructor(readonly hintMs?: number) {
    super('transient');
  }
}

/** Work that fails with the given errors in turn, then answers `done`. */
function failing(...errors: Error[]) {
  const attempts: number[] = [];
  const work = async (attempt: number) => {
    attempts.push(attempt);
    const err = errors.shift();
    if (err) throw err;
    return 'done';
  };
  return { work, attempts };
}

const options = {
  retryable: (err: unknown) => err instanceof Transient,
  delayHintMs: (err: unknown) => (err instanceof Transient ? err.hintMs : undefined),
  random: () => 1,
};

describe('retryWithBackoff', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('retries transient failures with doubling delays and returns the first success', async () => {
    const { work, attempts } = failing(new Transient(), new Transient());
    const delays: number[] = [];
    const result = retryWithBackoff(work, { ...options, onRetry: ({ delayMs }) => delays.push(delayMs) });
    await vi.advanceTimersByTimeAsync(99);
    expect(attempts).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(200);
    expect(await result).toBe('done');
    expect(attempts).toEqual([1, 2, 3]);
    expect(delays).toEqual([100, 200]);
  });

  it('gives up after the last attempt with its error', async () => {
    const last = new Transient();
    const { work, attempts } = failing(new Transient(), new Transient(), last);
    const result = retryWithBackoff(work, options);
    const outcome = expect(result).rejects.toBe(last);
    await vi.advanceTimersByTimeAsync(1_000);
    await outcome;
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('does not retry failures that are not retryable', async () => {
    const permanent = new Error('not found');
    const { work, attempts } = failing(permanent);
    await expect(retryWithBackoff(work, options)).rejects.toBe(permanent);
    expect(attempts).toEqual([1]);
  });

  it('waits as long as the server hint when it is longer than the backoff', async () => {
    const { work, attempts } = failing(new Transient(1_000));
    const result = retryWithBackoff(work, options);
    await vi.advanceTimersByTimeAsync(999);
    expect(attempts).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toBe('done');
  });

  it('throws at once when the server asks for a wait longer than maxHintMs', async () => {
    const err = new Transient(60_000);
    const { work, attempts } = failing(err);
    await expect(retryWithBackoff(work, { ...options, maxHintMs: 5_000 })).rejects.toBe(err);
    expect(attempts).toEqual([1]);
  });

  it('keeps the backoff between half and all of the exponential delay, capped at maxDelayMs', async () => {
    const delays: number[] = [];
    const { work } = failing(new Transient(), new Transient(), new Transient());
    const result = retryWithBackoff(work, {
      ...options,
      attempts: 4,
      baseDelayMs: 1_000,
      maxDelayMs: 1_500,
      random: () => 0,
      onRetry: ({ delayMs }) => delays.push(delayMs),
    });
    await vi.advanceTimersByTimeAsync(5_000);
    await result;
    expect(delays).toEqual([500, 750, 750]);
  });

  it('stops waiting when the signal aborts, rejecting with its reason', async () => {
    const abort = new AbortController();
    const { work, attempts } = failing(new Transient());
    const result = retryWithBackoff(work, { ...options, signal: abort.signal });
    const outcome = expect(result).rejects.toThrow('deadline');
    await vi.advanceTimersByTimeAsync(10);
    abort.abort(new Error('deadline'));
    await outcome;
    expect(attempts).toEqual([1]);
  });
});

describe('backoffDelayMs', () => {
  it('doubles from the base up to the cap, half of each wait random', () => {
    const top = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, { random: top }))).toEqual([
      100, 200, 400, 800, 1600, 2000,
    ]);
    expect([1, 2, 3].map((n) => backoffDelayMs(n, { random: () => 0 }))).toEqual([50, 100, 200]);
    expect(backoffDelayMs(10, { baseDelayMs: 5, maxDelayMs: 50, random: top })).toBe(50);
  });
});

describe('sleep', () => {
  it('rejects at once for an aborted signal', async () => {
    await expect(sleep(10_000, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});
