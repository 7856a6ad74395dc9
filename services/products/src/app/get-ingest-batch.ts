import { BatchNotFoundError } from '../domain/errors.ts';
import { type BatchProgress, type BatchStatus, batchStatus } from '../domain/ingest.ts';
import type { ProductsDeps } from './ports.ts';

/** A batch's progress and status; NotFound for an unknown id. */
export async function getIngestBatch(
  { store }: Pick<ProductsDeps, 'store'>,
  batchId: string,
): Promise<BatchProgress & { status: BatchStatus }> {
  const batch = await store.repos.ingest.findBatch(batchId);
  if (!batch) throw new BatchNotFoundError(batchId);
  return { ...batch, status: batchStatus(batch) };
}
