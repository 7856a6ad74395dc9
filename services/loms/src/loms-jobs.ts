import { type Logger, type PeriodicTask, startPeriodicTask } from '@marketplace/platform';
import type { Registry } from 'prom-client';
import { deleteRelayedEvents } from './app/delete-relayed-events.ts';
import { expireUnpaidOrders } from './app/expire-unpaid-orders.ts';
import { forgetIdempotencyKeys } from './app/forget-idempotency-keys.ts';
import type { LomsDeps, RetentionOptions } from './app/ports.ts';
import type { LomsConfig } from './config.ts';
import { type CleanedTable, createJobMetrics } from './infra/job-metrics.ts';

const JOBS = ['expire-unpaid-orders', 'forget-idempotency-keys', 'delete-relayed-events'] as const;

/**
 * Starts LOMS's background jobs, each a periodic task of its own, so a job that fails (and is
 * retried on its next run) never keeps another from running. They run in every replica.
 */
export function startLomsJobs(config: LomsConfig, deps: LomsDeps, log: Logger, registry: Registry) {
  const metrics = createJobMetrics(registry, JOBS);
  const jobLog = log.child({ subsystem: 'loms:jobs' });
  const { orders, cleanup } = config;
  const every = (
    job: (typeof JOBS)[number],
    intervalMs: number,
    run: (signal: AbortSignal) => Promise<void>,
  ): PeriodicTask =>
    startPeriodicTask(job, intervalMs, (signal) => metrics.track(job, () => run(signal)), jobLog);
  /** A retention job: deletes the rows of `table` older than `retentionMs`, counting them. */
  const retain = (
    job: (typeof JOBS)[number],
    table: CleanedTable,
    retentionMs: number,
    clean: (deps: LomsDeps, options: RetentionOptions) => Promise<number>,
  ): PeriodicTask =>
    every(job, cleanup.intervalMs, async (signal) => {
      const onBatch = (n: number) => metrics.rowsDeleted(table, n);
      await clean(deps, { retentionMs, batchSize: cleanup.batchSize, signal, onBatch });
    });

  const tasks = [
    every('expire-unpaid-orders', orders.expirySweepIntervalMs, async (signal) => {
      const expired = await expireUnpaidOrders(deps, orders.paymentTimeoutMs, {
        batchSize: orders.expiryBatchSize,
        signal,
        onBatch: metrics.ordersExpired,
      });
      if (expired > 0) jobLog.info({ expired }, 'expired unpaid orders');
    }),
    retain('forget-idempotency-keys', 'idempotency_keys', cleanup.idempotencyKeyTtlMs, forgetIdempotencyKeys),
    retain('delete-relayed-events', 'outbox', cleanup.outboxRetentionMs, deleteRelayedEvents),
  ];
  return {
    /** Stops scheduling; each job ends after the batch in hand. */
    async stop() {
      await Promise.all(tasks.map((task) => task.stop()));
    },
  };
}
