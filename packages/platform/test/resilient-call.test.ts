import { Code, ConnectError } from '@connectrpc/connect';
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../src/circuit-breaker.ts';
import { UnavailableError } from '../src/errors.ts';
import { type AttemptOptions, createResilientCall } from '../src/resilient-call.ts';
import { isServerFailure } from '../src/rpc-client-errors.ts';

/** A fake RPC answering the given outcomes in turn, recording the options of each attempt. */
function rpc(...outcomes: Array<ConnectError | string>) {
  const seen: AttemptOptions[] = [];
  const call = async (options: AttemptOptions) => {
    seen.push(options);
    const next = outcomes.shift();
    if (next instanceof ConnectError) throw next;
    return next;
  };
  return { call, seen };
}

const limiter = () => {
  const counter = { taken: 0, take: async () => void counter.taken++ };
  return counter;
};

describe('createResilientCall', () => {
  it('retries transient failures, taking a rate-limit token and passing the deadline for each attempt', async () => {
    const tokens = limiter();
    const resilient = createResilientCall({ timeoutMs: 250, baseDelayMs: 1, limiter: tokens });
    const { call, seen } = rpc(
      new ConnectError('busy', Code.ResourceExhausted),
      new ConnectError('down', Code.Unavailable),
      'answer',
    );
    expect(await resilient(call)).toBe('answer');
    expect(seen.map((o) => o.timeoutMs)).toEqual([250, 250, 250]);
    expect(tokens.taken).toBe(3);
  });

  it('passes other failures through after one attempt', async () => {
    const resilient = createResilientCall({ timeoutMs: 100, baseDelayMs: 1 });
    const notFound = new ConnectError('no such sku', Code.NotFound);
    const { call, seen } = rpc(notFound, 'never');
    await expect(resilient(call)).rejects.toBe(notFound);
    expect(seen).toHaveLength(1);
  });

  it('fails at once without calling or retrying once the circuit is open', async () => {
    const breaker = createCircuitBreaker({ name: 'products service', isFailure: isServerFailure });
    const resilient = createResilientCall({ timeoutMs: 100, baseDelayMs: 1, breaker });
    const down = () => new ConnectError('connection refused', Code.Unavailable);
    const first = rpc(down(), down(), down(), down(), down());
    await expect(resilient(first.call)).rejects.toThrow('connection refused');
    // The fifth consecutive failure opens the circuit: the third attempt is refused, not made.
    await expect(resilient(first.call)).rejects.toBeInstanceOf(UnavailableError);
    expect(first.seen).toHaveLength(5);
    const after = rpc('answer');
    await expect(resilient(after.call)).rejects.toBeInstanceOf(UnavailableError);
    expect(after.seen).toHaveLength(0);
  });

  it('hands the caller signal to the call', async () => {
    const resilient = createResilientCall({ timeoutMs: 100 });
    const caller = new AbortController();
    const { call, seen } = rpc('answer');
    await resilient(call, caller.signal);
    expect(seen[0]?.signal).toBe(caller.signal);
  });
});
