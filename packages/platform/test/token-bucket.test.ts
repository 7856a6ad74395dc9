import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenBucket } from '../src/token-bucket.ts';

describe('createTokenBucket', () => {
  let clock = 0;
  const now = () => clock;

  describe('tryTake', () => {
    beforeEach(() => {
      clock = 0;
    });

    it('gives a full burst at once, then refuses with the wait until the next token', () => {
      const bucket = createTokenBucket({ ratePerSecond: 10, burst: 3, now });
      expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([
        { ok: true },
        { ok: true },
        { ok: true },
      ]);
      expect(bucket.tryTake()).toEqual({ ok: false, retryAfterMs: 100 });
      clock = 40;
      expect(bucket.tryTake()).toEqual({ ok: false, retryAfterMs: 60 });
      clock = 100;
      expect(bucket.tryTake()).toEqual({ ok: true });
    });

    it('refills at the rate but never above the burst', () => {
      const bucket = createTokenBucket({ ratePerSecond: 2, burst: 2, now });
      bucket.tryTake();
      bucket.tryTake();
      clock = 60_000;
      expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake().ok]).toEqual([
        { ok: true },
        { ok: true },
        false,
      ]);
    });

    it('defaults the burst to the rate, and to one token below one per second', () => {
      const fast = createTokenBucket({ ratePerSecond: 5, now });
      const taken = Array.from({ length: 6 }, () => fast.tryTake().ok);
      expect(taken).toEqual([true, true, true, true, true, false]);
      const slow = createTokenBucket({ ratePerSecond: 0.5, now });
      expect([slow.tryTake().ok, slow.tryTake()]).toEqual([true, { ok: false, retryAfterMs: 2000 }]);
    });

    it.each([
      [{ ratePerSecond: 0 }, 'ratePerSecond must be > 0'],
      [{ ratePerSecond: Number.NaN }, 'ratePerSecond must be > 0'],
      [{ ratePerSecond: 1, burst: 0.5 }, 'burst must be >= 1'],
    ])('rejects %j', (options, message) => {
      expect(() => createTokenBucket(options)).toThrow(message);
    });
  });

  describe('take', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });
    const fakeNow = () => Date.now();

    it('resolves at once while tokens last, then waits for each next token in arrival order', async () => {
      const bucket = createTokenBucket({ ratePerSecond: 10, burst: 1, now: fakeNow });
      const done: number[] = [];
      await bucket.take();
      const waiters = [1, 2, 3].map((n) => bucket.take().then(() => done.push(n)));
      await vi.advanceTimersByTimeAsync(99);
      expect(done).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(done).toEqual([1]);
      await vi.advanceTimersByTimeAsync(200);
      await Promise.all(waiters);
      expect(done).toEqual([1, 2, 3]);
    });

    it('makes tryTake refuse while others wait, counting their reservations', async () => {
      const bucket = createTokenBucket({ ratePerSecond: 10, burst: 1, now: fakeNow });
      await bucket.take();
      const waiting = bucket.take();
      expect(bucket.tryTake()).toEqual({ ok: false, retryAfterMs: 200 });
      await vi.advanceTimersByTimeAsync(100);
      await waiting;
    });

    it('rejects with the abort reason and gives the reserved token back', async () => {
      const bucket = createTokenBucket({ ratePerSecond: 1, burst: 1, now: fakeNow });
      await bucket.take();
      const abort = new AbortController();
      const waiting = bucket.take(abort.signal);
      abort.abort(new Error('caller gave up'));
      await expect(waiting).rejects.toThrow('caller gave up');
      await vi.advanceTimersByTimeAsync(1000);
      expect(bucket.tryTake()).toEqual({ ok: true });
      expect(bucket.tryTake().ok).toBe(false);
    });

    it('rejects at once for an already aborted signal without taking a token', async () => {
      const bucket = createTokenBucket({ ratePerSecond: 1, burst: 1, now: fakeNow });
      await expect(bucket.take(AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
      expect(bucket.tryTake()).toEqual({ ok: true });
    });
  });
});
