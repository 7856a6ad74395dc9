import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchOrder } from '../../src/web/order-watch.ts';

/** A load() that answers the given statuses in turn (then repeats the last). */
function statuses(...answers: Array<string | Error>) {
  let call = 0;
  return vi.fn(async () => {
    const answer = answers[Math.min(call++, answers.length - 1)]!;
    if (answer instanceof Error) throw answer;
    return answer;
  });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('watchOrder', () => {
  it('reads the status every second until the order is paid, then stops', async () => {
    const load = statuses('awaiting payment', 'awaiting payment', 'paid');
    const seen: string[] = [];
    watchOrder({ load, onStatus: (s) => seen.push(s), onError: () => {} });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toEqual(['awaiting payment', 'awaiting payment', 'paid']);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it.each(['cancelled', 'failed'])('stops at the final status %s', async (final) => {
    const load = statuses(final);
    watchOrder({ load, onStatus: () => {}, onError: () => {} });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('waits a second between reads', async () => {
    const load = statuses('awaiting payment');
    watchOrder({ load, onStatus: () => {}, onError: () => {} });
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('reports a failed read and keeps polling until the service answers', async () => {
    const load = statuses(new Error('down'), 'paid');
    const errors: unknown[] = [];
    const seen: string[] = [];
    watchOrder({ load, onStatus: (s) => seen.push(s), onError: (e) => errors.push(e) });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(errors).toHaveLength(1);
    expect(seen).toEqual(['paid']);
  });

  it('reads at once on refresh instead of waiting for the next tick', async () => {
    const load = statuses('awaiting payment', 'paid');
    const seen: string[] = [];
    const watch = watchOrder({ load, onStatus: (s) => seen.push(s), onError: () => {} });
    await vi.advanceTimersByTimeAsync(100);
    watch.refresh();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['awaiting payment', 'paid']);
  });

  it('reads no more once stopped', async () => {
    const load = statuses('awaiting payment');
    const watch = watchOrder({ load, onStatus: () => {}, onError: () => {} });
    await vi.advanceTimersByTimeAsync(0);
    watch.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe('watchOrder during a slow read', () => {
  it('never runs two reads at once when refreshed mid-read, and reads again after it', async () => {
    vi.useFakeTimers();
    let inFlight = 0;
    let most = 0;
    const load = vi.fn(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 500));
      inFlight--;
      return 'awaiting payment';
    });
    const watch = watchOrder({ load, onStatus: () => {}, onError: () => {} });
    await vi.advanceTimersByTimeAsync(100);
    watch.refresh();
    await vi.advanceTimersByTimeAsync(450);
    expect(load).toHaveBeenCalledTimes(2);
    expect(most).toBe(1);
    watch.stop();
    vi.useRealTimers();
  });
});
