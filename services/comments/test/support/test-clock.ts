import type { Clock } from '../../src/app/ports.ts';

export interface TestClock extends Clock {
  /** Stops the clock at `at`. */
  set(at: Date | string): void;
  /** Moves the clock forward (stopping it there if it was running). */
  advance(ms: number): void;
  /** Lets the clock run with system time again. */
  resume(): void;
}

/** A clock that runs with system time until a test stops or moves it. */
export function createTestClock(): TestClock {
  let stoppedAt: number | undefined;
  return {
    now: () => new Date(stoppedAt ?? Date.now()),
    set: (at) => {
      stoppedAt = new Date(at).getTime();
    },
    advance: (ms) => {
      stoppedAt = (stoppedAt ?? Date.now()) + ms;
    },
    resume: () => {
      stoppedAt = undefined;
    },
  };
}
