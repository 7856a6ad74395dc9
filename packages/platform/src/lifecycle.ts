import type { Logger } from 'pino';

type Stop = () => Promise<void> | void;

/**
 * Owns a process's shutdown: parts register their stop in start order and are stopped in reverse
 * on SIGTERM/SIGINT. A stop that hangs past `timeoutMs` ends the process with exit code 1.
 */
export function createLifecycle(log: Logger, timeoutMs = 15_000) {
  const stops: Array<{ name: string; stop: Stop }> = [];
  let stopping: Promise<void> | undefined;

  const stopAll = () => {
    stopping ??= (async () => {
      for (const { name, stop } of stops.reverse()) {
        try {
          await stop();
          log.debug({ part: name }, 'stopped');
        } catch (err) {
          log.error({ err, part: name }, 'stop failed');
        }
      }
    })();
    return stopping;
  };

  return {
    /** Registers a part to stop on shutdown, after everything registered later. */
    add(name: string, stop: Stop): void {
      stops.push({ name, stop });
    },
    stopAll,
    /** Installs the signal handlers; the process exits 0 after a clean stop. */
    handleSignals(): void {
      const onSignal = (signal: NodeJS.Signals) => {
        log.info({ signal }, 'shutting down');
        setTimeout(() => {
          log.error('shutdown timed out');
          process.exit(1);
        }, timeoutMs).unref();
        stopAll().then(() => process.exit(0));
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
    },
  };
}

export type Lifecycle = ReturnType<typeof createLifecycle>;
