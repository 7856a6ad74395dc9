import type { BatchOptions, Clock, RetentionOptions } from './ports.ts';

/**
 * Runs `batch` (one transaction handling at most `limit` rows, returning how many it handled) again
 * and again until a short batch shows the backlog is drained or `signal` aborts; returns the total.
 */
export async function drainInBatches(
  batch: (limit: number) => Promise<number>,
  { batchSize, signal, onBatch }: BatchOptions,
): Promise<number> {
  let total = 0;
  for (;;) {
    const handled = await batch(batchSize);
    total += handled;
    onBatch?.(handled);
    if (handled < batchSize || signal?.aborted) return total;
  }
}

/**
 * Deletes in batches (drainInBatches) the rows older than `retentionMs` by `clock`: `deleteBefore`
 * deletes, in one transaction, at most `limit` rows older than `before`. Returns the total.
 */
export function deleteOlderThanRetention(
  clock: Clock,
  { retentionMs, ...batches }: RetentionOptions,
  deleteBefore: (before: Date, limit: number) => Promise<number>,
): Promise<number> {
  const before = new Date(clock.now().getTime() - retentionMs);
  return drainInBatches((limit) => deleteBefore(before, limit), batches);
}
