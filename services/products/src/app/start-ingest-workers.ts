import type { Logger } from '@marketplace/platform';
import type { ProductsDeps } from './ports.ts';
import { type IngestWorkerOptions, runIngestWorker } from './run-ingest-worker.ts';

/** Starts `workers` ingest workers; `stop` lets each finish its current event and hand its batch back. */
export function startIngestWorkers(
  deps: ProductsDeps,
  options: Omit<IngestWorkerOptions, 'onError'> & { workers: number },
  log: Logger,
): { stop(): Promise<void> } {
  const abort = new AbortController();
  const onError = (err: unknown) => log.error({ err }, 'ingest worker failed; retrying after a pause');
  const running = Array.from({ length: options.workers }, () =>
    runIngestWorker(deps, { ...options, onError }, abort.signal),
  );
  return {
    async stop() {
      abort.abort();
      await Promise.all(running);
    },
  };
}
