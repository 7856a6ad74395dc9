import { createLifecycle } from './lifecycle.ts';
import { createLogger, type Logger } from './logger.ts';
import type { Telemetry } from './telemetry.ts';

export interface RunningService {
  stop(): Promise<void>;
}

/**
 * The life of a service process: starts it with a logger, stops it in reverse order on
 * SIGTERM/SIGINT (then flushes telemetry) and exits 0; exits 1 when it cannot start.
 */
export async function runService<T extends RunningService>(
  name: string,
  telemetry: Telemetry,
  start: (log: Logger) => Promise<T>,
): Promise<void> {
  const log = createLogger(name);
  const lifecycle = createLifecycle(log);
  lifecycle.add('telemetry', () => telemetry.shutdown());
  try {
    const { stop, ...facts } = await start(log);
    lifecycle.add(name, stop);
    lifecycle.handleSignals();
    log.info(
      Object.fromEntries(Object.entries(facts).filter(([, v]) => typeof v !== 'object')),
      `${name} started`,
    );
  } catch (err) {
    log.fatal({ err }, `${name} failed to start`);
    await lifecycle.stopAll();
    process.exit(1);
  }
}
