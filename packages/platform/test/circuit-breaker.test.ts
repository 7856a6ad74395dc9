import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CircuitStateName, createCircuitBreaker } from '../src/circuit-breaker.ts';
import { UnavailableError } from '../src/errors.ts';

class Down extends Error {}

describe('createCircuitBreaker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const states: CircuitStateName[] = [];
  const breaker = () =>
    createCircuitBreaker({
      name: 'products service',
      isFailure: (err) => err instanceof Down,
      consecutiveFailures: 2,
      halfOpenAfterMs: 1_000,
      onStateChange: (state) => states.push(state),
    });
  const down = async () => {
    throw new Down('connection refused');
  };

  it('opens after consecutive failures and then refuses without calling, naming the dependency', async () => {
    const b = breaker();
    await expect(b.execute(down)).rejects.toBeInstanceOf(Down);
    await expect(b.execute(down)).rejects.toBeInstanceOf(Down);
    expect(b.state).toBe('open');
    const work = vi.fn(async () => 'answer');
    const refused = b.execute(work);
    await expect(refused).rejects.toBeInstanceOf(UnavailableError);
    await expect(refused).rejects.toThrow(/^products service is unavailable/);
    expect(work).not.toHaveBeenCalled();
  });

  it('lets a trial call through after halfOpenAfterMs and closes when it succeeds', async () => {
    const b = breaker();
    states.length = 0;
    await b.execute(down).catch(() => {});
    await b.execute(down).catch(() => {});
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await b.execute(async () => 'back')).toBe('back');
    expect(b.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('does not count failures the dependency is not to blame for', async () => {
    const b = breaker();
    const notFound = async () => {
      throw new Error('not found');
    };
    for (let i = 0; i < 5; i++) await expect(b.execute(notFound)).rejects.toThrow('not found');
    expect(b.state).toBe('closed');
  });

  it('passes the caller signal to the work', async () => {
    const b = breaker();
    const caller = new AbortController();
    let seen: AbortSignal | undefined;
    await b.execute(async (signal) => {
      seen = signal;
    }, caller.signal);
    expect(seen).toBe(caller.signal);
  });
});
