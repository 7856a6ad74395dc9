/** One update of an ingested batch: a new price and/or a new total stock for a sku. */
export interface IngestEvent {
  sku: bigint;
  price?: number;
  stock?: number;
}

/** An event as stored, with its position in the batch and how often LOMS was tried for it. */
export interface StoredEvent extends IngestEvent {
  seq: number;
  attempts: number;
}

/**
 * What processing one event came to: applied; failed for good (with why); or to be tried again
 * later (LOMS could not be reached), which leaves it pending.
 */
export type EventOutcome =
  | { seq: number; status: 'applied' }
  | { seq: number; status: 'failed'; error: string }
  | { seq: number; status: 'retry'; error: string };

export type BatchStatus = 'pending' | 'processing' | 'done' | 'failed';

/** A batch and its events' outcomes so far. */
export interface BatchProgress {
  id: string;
  total: number;
  applied: number;
  failed: number;
  acceptedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** One line per failed event, in event order (at most the first 100). */
  errors: string[];
}

/**
 * pending until a worker first claims it, processing until every event has an outcome, then done
 * when all were applied or failed when any failed (the counts tell how many).
 */
export function batchStatus(batch: Pick<BatchProgress, 'startedAt' | 'finishedAt' | 'failed'>): BatchStatus {
  if (batch.finishedAt) return batch.failed > 0 ? 'failed' : 'done';
  return batch.startedAt ? 'processing' : 'pending';
}

/** Why an event cannot be accepted, or undefined when it is fine (the sku is checked separately). */
export function invalidEventChange(event: IngestEvent): string | undefined {
  if (event.price === undefined && event.stock === undefined) return 'value must set price or stock';
  return undefined;
}
