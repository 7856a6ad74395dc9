import { sleep } from '@marketplace/platform';
import type { ProductsDeps } from './ports.ts';
import { type IngestWorkOptions, processNextBatch } from './process-next-batch.ts';

export interface IngestWorkerOptions extends IngestWorkOptions {
  /** How long an idle worker waits before looking for work again. */
  pollIntervalMs: number;
  /** Told about failures (e.g. the database is down); the worker carries on after a pause. */
  onError: (err: unknown) => void;
}

/**
 * One ingest worker: processes batch after batch, resting `pollIntervalMs` when there is none,
 * until `signal` aborts. Several workers (in one process or many) share the queue safely.
 */
export async function runIngestWorker(
  deps: ProductsDeps,
  options: IngestWorkerOptions,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    let worked = false;
    try {
      worked = await processNextBatch(deps, options, signal);
    } catch (err) {
      if (signal.aborted) return;
      options.onError(err);
    }
    if (!worked) await sleep(options.pollIntervalMs, signal).catch(() => undefined);
  }
}
