/** Options of {@link createConcurrencyGate}. */
export interface ConcurrencyGateOptions {
  /** Most tasks running at once. */
  maxRunning: number;
  /** Most tasks waiting for a slot; one more is refused at once. */
  maxWaiting: number;
  /** Longest a task waits for a slot before it is refused. */
  maxWaitMs: number;
}

/** A task refused by a {@link ConcurrencyGate}: no slot free and none freed in time. */
export class GateFullError extends Error {
  constructor(readonly why: 'queue full' | 'wait timed out') {
    super(`no free slot: ${why}`);
    this.name = 'GateFullError';
  }
}

/** Runs at most a few tasks at once, with a short bounded queue of tasks waiting for a slot. */
export interface ConcurrencyGate {
  /** Runs `task` once a slot is free; rejects with GateFullError when none frees up in time. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly running: number;
  /** Tasks waiting for a slot now. */
  readonly waiting: number;
}

/**
 * A semaphore for costly work (memory-hard hashing, say) whose queue is bounded in length and in
 * time: a flood is refused quickly instead of piling up callers, each holding its request, behind
 * work that cannot go faster. Slots are handed out first come, first served.
 */
export function createConcurrencyGate(options: ConcurrencyGateOptions): ConcurrencyGate {
  let running = 0;
  const queue: Array<() => void> = [];

  const acquire = (): Promise<void> => {
    if (running < options.maxRunning && queue.length === 0) {
      running++;
      return Promise.resolve();
    }
    if (queue.length >= options.maxWaiting) return Promise.reject(new GateFullError('queue full'));
    return new Promise((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        running++;
        resolve();
      };
      const timer = setTimeout(() => {
        const at = queue.indexOf(grant);
        if (at >= 0) queue.splice(at, 1);
        reject(new GateFullError('wait timed out'));
      }, options.maxWaitMs);
      queue.push(grant);
    });
  };

  const release = () => {
    running--;
    queue.shift()?.();
  };

  return {
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
  };
}
