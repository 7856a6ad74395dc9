import type { EventOutcome, IngestEvent } from '../domain/ingest.ts';
import { applyEvents } from './apply-events.ts';
import type { ProductsDeps } from './ports.ts';

export interface IngestWorkOptions {
  /** How long a claim holds a batch; renewed with every committed chunk. */
  leaseMs: number;
  /** How long a batch rests after LOMS could not be reached. */
  retryDelayMs: number;
  /** Events applied between two commits. */
  chunkSize: number;
  /** Attempts at LOMS per event before it fails for good. */
  maxAttempts: number;
  /** Skus of a chunk whose stock goes to LOMS at the same time. */
  lomsConcurrency: number;
}

interface Lease {
  batchId: string;
  token: string;
}

/**
 * Claims the oldest batch nobody holds and applies its pending events chunk by chunk, committing
 * each chunk's outcomes and prices in one transaction that first checks the lease is still ours.
 * A crash loses at most the uncommitted chunk, which the next claim applies again: stock and
 * price changes are idempotent sets, so applying twice has the effect of once. Each claim's
 * fencing token goes with its StockSets: once LOMS refuses one (a newer lease set the sku), the
 * worker commits what it may and lets the batch go rather than retry. Returns false when there was
 * no batch to claim.
 */
export async function processNextBatch(
  deps: ProductsDeps,
  options: IngestWorkOptions,
  signal: AbortSignal,
): Promise<boolean> {
  const { ingest } = deps.store.repos;
  const token = deps.newId();
  const claim = await ingest.claimBatch(token, options.leaseMs);
  if (claim === undefined) return false;
  const { batchId, fencingToken } = claim;
  const lease = { batchId, token };
  const applyOptions = {
    maxAttempts: options.maxAttempts,
    budgetMs: options.leaseMs / 3,
    concurrency: options.lomsConcurrency,
    fencingToken,
  };
  while (!signal.aborted) {
    const events = await ingest.pendingEvents(batchId, options.chunkSize);
    if (events.length === 0) {
      await ingest.finishIfDone(batchId);
      return true;
    }
    const { outcomes, fenced } = await applyEvents(deps, events, applyOptions, signal);
    const bySeq = new Map(events.map((e) => [e.seq, e]));
    if (!(await commitOutcomes(deps, lease, outcomes, bySeq, options.leaseMs))) return true; // taken over
    // Fenced yet still holding the lease: another batch's newer lease set one of its skus. A later
    // claim, with a newer token, applies the rest.
    if (fenced || outcomes.some((o) => o.status === 'retry')) {
      await ingest.releaseLease(batchId, token, options.retryDelayMs);
      return true;
    }
  }
  // Stopping: hand the batch over at once rather than when the lease runs out.
  await ingest.releaseLease(batchId, token, 0);
  return true;
}

/** Writes the prices of applied events and every outcome if the lease is still ours; false if not. */
async function commitOutcomes(
  deps: ProductsDeps,
  lease: Lease,
  outcomes: readonly EventOutcome[],
  events: ReadonlyMap<number, IngestEvent>,
  leaseMs: number,
): Promise<boolean> {
  // The last price of each sku among the applied events: a sku priced twice ends with its last price.
  const prices = new Map<bigint, number>();
  for (const outcome of outcomes) {
    const { sku, price } = events.get(outcome.seq)!;
    if (outcome.status === 'applied' && price !== undefined) prices.set(sku, price);
  }
  return deps.store.transaction(async (repos) => {
    if (!(await repos.ingest.holdLease(lease.batchId, lease.token, leaseMs))) return false;
    const priced = await repos.products.setPrices(prices);
    // A product deleted since the events were checked: its priced events fail after all.
    const final = outcomes.map((outcome): EventOutcome => {
      const { sku, price } = events.get(outcome.seq)!;
      return outcome.status === 'applied' && price !== undefined && !priced.has(sku)
        ? { seq: outcome.seq, status: 'failed', error: `product ${sku} not found` }
        : outcome;
    });
    await repos.ingest.recordOutcomes(lease.batchId, final);
    await repos.ingest.finishIfDone(lease.batchId);
    return true;
  });
}
