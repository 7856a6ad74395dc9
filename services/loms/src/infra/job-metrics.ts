import { createCounterByLabels } from '@marketplace/platform';
import { Counter, Gauge, type Registry } from 'prom-client';

const CLEANED_TABLES = ['idempotency_keys', 'outbox'] as const;

/** Tables the retention jobs clean. */
export type CleanedTable = (typeof CLEANED_TABLES)[number];

export interface JobMetrics {
  /** Runs one pass of `job`, counting its outcome and recording when it last ran and succeeded. */
  track(job: string, run: () => Promise<void>): Promise<void>;
  ordersExpired(count: number): void;
  rowsDeleted(table: CleanedTable, count: number): void;
}

/** Metrics of LOMS's background jobs: runs by outcome, last run and success times, work done. */
export function createJobMetrics(registry: Registry, jobs: readonly string[]): JobMetrics {
  const registers = [registry];
  const runs = createCounterByLabels(registry, {
    name: 'loms_job_runs_total',
    help: 'Runs of each background job, by outcome (ok or error).',
    labels: { job: jobs, outcome: ['ok', 'error'] },
  });
  const lastRun = new Gauge({
    name: 'loms_job_last_run_timestamp_seconds',
    help: 'When each background job last finished a run, successful or not (Unix time).',
    labelNames: ['job'],
    registers,
  });
  const lastSuccess = new Gauge({
    name: 'loms_job_last_success_timestamp_seconds',
    help: 'When each background job last finished a run without error (Unix time).',
    labelNames: ['job'],
    registers,
  });
  const expired = new Counter({
    name: 'loms_orders_expired_total',
    help: 'Orders cancelled because they were not paid within the payment timeout.',
    registers,
  });
  const deleted = createCounterByLabels(registry, {
    name: 'loms_cleanup_deleted_rows_total',
    help: 'Rows deleted by the retention jobs, by table.',
    labels: { table: CLEANED_TABLES },
  });
  const now = () => Date.now() / 1000;

  return {
    async track(job, run) {
      try {
        await run();
        runs.inc({ job, outcome: 'ok' });
        lastSuccess.set({ job }, now());
      } catch (err) {
        runs.inc({ job, outcome: 'error' });
        throw err;
      } finally {
        lastRun.set({ job }, now());
      }
    },
    ordersExpired: (count) => expired.inc(count),
    rowsDeleted: (table, count) => deleted.inc({ table }, count),
  };
}
