import type { Clock, NotifierStore } from './ports.ts';

export interface RetentionSettings {
  /** How long a processed event's id is kept to recognise its redelivery. */
  retentionMs: number;
  /** Most rows one DELETE removes. */
  batchSize: number;
}

export interface PruneDeps {
  store: NotifierStore;
  clock: Clock;
  retention: RetentionSettings;
  /** Told each batch's count as it is deleted (metrics). */
  onDeleted?(count: number): void;
}

/**
 * Deletes the processed-event records older than the retention, one bounded batch per statement,
 * until a batch comes back short or `signal` aborts (between batches). Returns how many it deleted.
 */
export async function pruneProcessedEvents(deps: PruneDeps, signal?: AbortSignal): Promise<number> {
  const { retentionMs, batchSize } = deps.retention;
  const cutoff = new Date(deps.clock.now().getTime() - retentionMs);
  let total = 0;
  for (;;) {
    const deleted = await deps.store.processed.deleteRecordedBefore(cutoff, batchSize);
    total += deleted;
    if (deleted > 0) deps.onDeleted?.(deleted);
    if (deleted < batchSize || signal?.aborted) return total;
  }
}
