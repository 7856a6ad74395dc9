import { describe, expect, it } from 'vitest';
import { allOrCancel } from '../src/all-or-cancel.ts';

/** A task that resolves with `value` after `ms`, or rejects with the reason when its signal aborts. */
const after =
  <T>(ms: number, value: T, seen?: AbortSignal[]) =>
  (signal: AbortSignal) =>
    new Promise<T>((resolve, reject) => {
      seen?.push(signal);
      const timer = setTimeout(() => resolve(value), ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });

describe('allOrCancel', () => {
  it('resolves with every result in task order', async () => {
    const results = await allOrCancel([after(20, 'slow'), after(1, 2)]);
    expect(results).toEqual(['slow', 2]);
  });

  it('rejects with the first failure and aborts the tasks still running', async () => {
    const signals: AbortSignal[] = [];
    const boom = new Error('boom');
    const failing = async () => {
      throw boom;
    };
    await expect(allOrCancel([after(10_000, 1, signals), failing])).rejects.toBe(boom);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toBe(boom);
  });

  it('aborts every task when the caller aborts', async () => {
    const caller = new AbortController();
    const signals: AbortSignal[] = [];
    const running = allOrCancel([after(10_000, 1, signals), after(10_000, 2, signals)], caller.signal);
    caller.abort(new Error('deadline'));
    await expect(running).rejects.toThrow('deadline');
    expect(signals.every((s) => s.aborted)).toBe(true);
  });
});
