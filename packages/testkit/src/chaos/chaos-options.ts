import { join } from 'node:path';
import { FAULT_NAMES, parseFaultNames } from './chaos-faults.ts';
import type { ChaosOptions } from './chaos-run.ts';

export const REPO_ROOT = new URL('../../../../', import.meta.url).pathname;

/** The run's settings from the environment (see run-chaos.ts), with `make chaos`'s defaults. */
export function chaosOptionsFromEnv(env: Record<string, string | undefined>): ChaosOptions {
  const number = (name: string, fallback: number, min: number) => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < min)
      throw new Error(`${name}: expected a number >= ${min}, got "${value}"`);
    return n;
  };
  return {
    durationS: number('DURATION', 120, 10),
    rate: number('CHAOS_RATE', 4, 0.1),
    faults: parseFaultNames(env.CHAOS_FAULTS || FAULT_NAMES.join(',')),
    warmupS: number('CHAOS_WARMUP', 8, 0),
    gapS: number('CHAOS_GAP', 8, 1),
    paymentTimeoutS: number('CHAOS_PAYMENT_TIMEOUT', 10, 1),
    recoveryBoundS: number('CHAOS_RECOVERY_BOUND', 30, 1),
    ingestEveryS: number('CHAOS_INGEST_EVERY', 5, 1),
    seed: number('CHAOS_SEED', 1, 0),
    logDir: env.CHAOS_LOG_DIR || join(REPO_ROOT, 'bench-results', 'chaos-logs'),
  };
}
