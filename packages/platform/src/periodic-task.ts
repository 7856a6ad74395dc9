import type { Logger } from 'pino';

export interface PeriodicTask {
  /** Stops scheduling, aborts the signal of a run in progress and waits for that run to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs` (never two runs at once), logging failures and carrying on: a
 * background job must survive a database restart. `run` gets a signal aborted on stop, so a long
 * run (a job draining a backlog batch by batch) can end after the batch in hand.
 */
export function startPeriodicTask(
  name: string,
  intervalMs: number,
  run: (signal: AbortSignal) => Promise<unknown>,
  log: Logger,
): PeriodicTask {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const stopping = new AbortController();
  const tick = () => {
    running = run(stopping.signal)
      .then(() => undefined)
      .catch((err: unknown) => log.error({ err, task: name }, 'periodic task failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    async stop() {
      stopped = true;
      stopping.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
