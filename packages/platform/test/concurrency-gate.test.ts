import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConcurrencyGate, GateFullError } from '../src/concurrency-gate.ts';

/** A task that runs until the test ends it. */
function heldTask() {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => {
    end = resolve;
  });
  let started = false;
  return {
    task: async () => {
      started = true;
      await ended;
      return 'done';
    },
    end,
    started: () => started,
  };
}

describe('createConcurrencyGate', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at most maxRunning tasks at once and starts a waiting one when a slot frees', async () => {
    const gate = createConcurrencyGate({ maxRunning: 2, maxWaiting: 4, maxWaitMs: 1000 });
    const tasks = [heldTask(), heldTask(), heldTask()];
    const results = tasks.map((t) => gate.run(t.task));
    await vi.advanceTimersByTimeAsync(0);
    expect(tasks.map((t) => t.started())).toEqual([true, true, false]);
    expect([gate.running, gate.waiting]).toEqual([2, 1]);
    tasks[0]!.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(tasks[2]!.started()).toBe(true);
    expect([gate.running, gate.waiting]).toEqual([2, 0]);
    tasks[1]!.end();
    tasks[2]!.end();
    await expect(Promise.all(results)).resolves.toEqual(['done', 'done', 'done']);
    expect([gate.running, gate.waiting]).toEqual([0, 0]);
  });

  it('refuses at once a task beyond the queue, and after maxWaitMs one that got no slot', async () => {
    const gate = createConcurrencyGate({ maxRunning: 1, maxWaiting: 1, maxWaitMs: 500 });
    const first = heldTask();
    const running = gate.run(first.task);
    const waiting = gate.run(async () => 'late');
    const waitingRefusal = expect(waiting).rejects.toMatchObject({ why: 'wait timed out' });
    await expect(gate.run(async () => 'never')).rejects.toMatchObject({ why: 'queue full' });
    await vi.advanceTimersByTimeAsync(499);
    expect(gate.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await waitingRefusal;
    await expect(waiting).rejects.toBeInstanceOf(GateFullError);
    expect(gate.waiting).toBe(0);
    first.end();
    await running;
    await expect(gate.run(async () => 'next')).resolves.toBe('next');
  });

  it('frees the slot of a task that throws', async () => {
    const gate = createConcurrencyGate({ maxRunning: 1, maxWaiting: 0, maxWaitMs: 10 });
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(gate.running).toBe(0);
    await expect(gate.run(async () => 1)).resolves.toBe(1);
  });
});
