import { ConfigError, createEnvReader, parseDuration } from './config.ts';
import { limitHeapGrowth } from './heap-growth.ts';
import { createLifecycle, createReadiness, runWithReadiness } from './lifecycle.ts';
import { createLogger, type Logger } from './logger.ts';
import type { Telemetry } from './telemetry.ts';

export interface RunningService {
  stop(): Promise<void>;
}

/** How every service process sizes its heap and shuts down, read once from the environment. */
export function readProcessSettings(env: Record<string, string | undefined> = process.env) {
  const read = createEnvReader(env);
  const drainText = env.SHUTDOWN_DRAIN || '5s';
  const drainMs = parseDuration(drainText);
  if (drainMs === undefined)
    read.problem('SHUTDOWN_DRAIN', `expected a duration like 0, 500ms, 5s, got "${drainText}"`);
  const settings = {
    /** Not ready (503 on /readyz, NOT_SERVING on gRPC health) but still serving, before stopping. */
    drainMs: drainMs ?? 0,
    /** Time the stop itself may take (listeners draining in-flight calls, pools closing). */
    stopTimeoutMs: read.durationMs('SHUTDOWN_TIMEOUT', '15s'),
    /** How often readiness probes run on their own, so gRPC health follows a failing dependency. */
    readinessIntervalMs: read.durationMs('READINESS_CHECK_INTERVAL', '5s'),
    /** How far the V8 heap may grow past its live objects before a full collection (see heap-growth.ts). */
    heapGrowthPercent: read.int('HEAP_GROWTH_PERCENT', 50, { max: 300 }),
  };
  read.done();
  return settings;
}

/**
 * The life of a service process: starts it with a logger inside a readiness that its ops endpoints
 * (`/readyz`) and gRPC health states join, checks that readiness every READINESS_CHECK_INTERVAL, and
 * on SIGTERM/SIGINT shuts down in steps: not ready at once (both `/readyz` 503 and gRPC health
 * NOT_SERVING), still serving for SHUTDOWN_DRAIN (default 5s) while load balancers take it out,
 * then the service's stop (listeners stop accepting and drain in-flight calls, then close), then
 * telemetry; exits 0. Exits 1 when it cannot start, or when the stop outlasts SHUTDOWN_TIMEOUT.
 */
export async function runService<T extends RunningService>(
  name: string,
  telemetry: Telemetry,
  start: (log: Logger) => Promise<T>,
): Promise<void> {
  const log = createLogger(name);
  let settings: ReturnType<typeof readProcessSettings>;
  try {
    settings = readProcessSettings();
  } catch (err) {
    log.fatal(
      { problems: err instanceof ConfigError ? err.problems : undefined, err },
      `${name} failed to start`,
    );
    process.exit(1);
  }
  limitHeapGrowth(settings.heapGrowthPercent);
  const readiness = createReadiness();
  const lifecycle = createLifecycle(log, {
    drainMs: settings.drainMs,
    timeoutMs: settings.stopTimeoutMs,
    readiness,
  });
  lifecycle.add('telemetry', () => telemetry.shutdown());
  try {
    const { stop, ...facts } = await runWithReadiness(readiness, () => start(log));
    lifecycle.add(name, stop);
    lifecycle.add('readiness checks', readiness.watch(settings.readinessIntervalMs));
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
