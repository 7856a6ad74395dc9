import type { Executor } from '@marketplace/platform';
import type { BatchProgress } from '../domain/ingest.ts';
import type { ProductsDatabase } from './schema.ts';

/** GetIngestBatch shows at most this many error lines, the first failures in event order. */
const MAX_ERROR_LINES = 100;

/** A batch with its events' outcome counts and its first error lines; undefined when unknown. */
export async function findBatchProgress(
  db: Executor<ProductsDatabase>,
  batchId: string,
): Promise<BatchProgress | undefined> {
  const batch = await db
    .selectFrom('ingest_batches')
    .selectAll()
    .where('id', '=', batchId)
    .executeTakeFirst();
  if (!batch) return undefined;
  const counts = await db
    .selectFrom('ingest_events')
    .select(['status', (eb) => eb.fn.countAll<bigint>().as('count')])
    .where('batch_id', '=', batchId)
    .groupBy('status')
    .execute();
  const count = (status: string) => Number(counts.find((c) => c.status === status)?.count ?? 0);
  const failures = await db
    .selectFrom('ingest_events')
    .select(['seq', 'sku', 'error'])
    .where('batch_id', '=', batchId)
    .where('status', '=', 'failed')
    .orderBy('seq')
    .limit(MAX_ERROR_LINES)
    .execute();
  return {
    id: batch.id,
    total: batch.total,
    applied: count('applied'),
    failed: count('failed'),
    acceptedAt: batch.accepted_at,
    startedAt: batch.started_at,
    finishedAt: batch.finished_at,
    errors: failures.map((f) => `event ${f.seq} (sku ${f.sku}): ${f.error}`),
  };
}
