import { IngestBacklogFullError } from '../domain/errors.ts';
import type { IngestEvent } from '../domain/ingest.ts';
import type { ProductsDeps } from './ports.ts';

/**
 * Stores a batch and its events in one transaction and returns its id: once this resolves the
 * batch is durable and the workers will apply it. Unavailable when the events waiting to be
 * applied, these included, would exceed `maxBacklog`.
 */
export async function ingestEvents(
  deps: Pick<ProductsDeps, 'store' | 'newId'>,
  events: readonly IngestEvent[],
  maxBacklog: number,
): Promise<string> {
  const batchId = deps.newId();
  await deps.store.transaction(async (repos) => {
    await repos.ingest.lockAdmission();
    const pending = await repos.ingest.countPending();
    if (pending + events.length > maxBacklog)
      throw new IngestBacklogFullError(pending, events.length, maxBacklog);
    await repos.ingest.insertBatch(batchId, events);
  });
  return batchId;
}
