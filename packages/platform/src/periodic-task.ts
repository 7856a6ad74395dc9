import type { Logger } from 'pino';

export interface PeriodicTask {
  /** Stops scheduling and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs` (never two runs at once), logging failures and carrying on: a
 * background job must survive a database restart.
 */
export function startPeriodicTask(
  name: string,
  intervalMs: number,
  run: () => Promise<unknown>,
  log: Logger,
): PeriodicTask {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = run()
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
      clearTimeout(timer);
      await running;
    },
  };
}
