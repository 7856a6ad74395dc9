import { StockFencedError, StockRejectedError } from '../domain/errors.ts';
import type { EventOutcome, StoredEvent } from '../domain/ingest.ts';
import type { ProductsDeps, StockService } from './ports.ts';

export interface ApplyEventsOptions {
  /** Attempts at LOMS per event before it fails for good. */
  maxAttempts: number;
  /** Stop taking new events after this long, so the lease is renewed in time. */
  budgetMs: number;
  /** Skus whose events go to LOMS at the same time. */
  concurrency: number;
  /** The worker's lease, sent with every StockSet so LOMS can refuse it once a newer lease wrote. */
  fencingToken: bigint;
}

export interface AppliedEvents {
  /** Outcomes of the events worked on, in batch order. */
  outcomes: EventOutcome[];
  /** LOMS refused a StockSet for a newer lease's: the worker must let the batch go. */
  fenced: boolean;
}

/**
 * Works through events: an event for an unknown or deleted sku fails; its stock goes to LOMS
 * first (a refusal fails the event, so its price is not applied either); it is then `applied`, and
 * its price is written when the outcomes are committed. Skus are worked on in parallel, each sku's
 * events in batch order. A transient LOMS failure gives that event a `retry` outcome and stops
 * taking new events, so no later event of its sku overtakes it. A fencing refusal (a newer lease
 * has set the sku) leaves that event pending and stops everything, with `fenced` set: retrying
 * under this lease can never succeed. Stops early, answering the outcomes so far (in batch
 * order), when `signal` aborts or the time budget is spent.
 */
export async function applyEvents(
  deps: Pick<ProductsDeps, 'store' | 'stocks'>,
  events: readonly StoredEvent[],
  options: ApplyEventsOptions,
  signal: AbortSignal,
): Promise<AppliedEvents> {
  const bySku = new Map<bigint, StoredEvent[]>();
  for (const event of events) bySku.set(event.sku, [...(bySku.get(event.sku) ?? []), event]);
  const live = new Set((await deps.store.repos.products.findMany([...bySku.keys()])).map((p) => p.sku));
  const started = Date.now(); // after the lookup, so a slow database cannot leave a chunk without progress
  const outcomes: EventOutcome[] = [];
  let retrying = false;
  let fenced = false;
  const stopped = () => retrying || fenced || signal.aborted || Date.now() - started > options.budgetMs;
  await forEachConcurrently([...bySku.values()], options.concurrency, async (skuEvents) => {
    for (const event of skuEvents) {
      if (stopped()) return;
      const outcome = live.has(event.sku)
        ? await applyEvent(deps.stocks, event, options, signal)
        : { seq: event.seq, status: 'failed' as const, error: `product ${event.sku} not found` };
      if (outcome === 'fenced') fenced = true;
      if (outcome === 'fenced' || outcome === 'stopped') return; // the event stays pending
      outcomes.push(outcome);
      if (outcome.status === 'retry') retrying = true;
    }
  });
  return { outcomes: outcomes.sort((a, b) => a.seq - b.seq), fenced };
}

async function applyEvent(
  stocks: StockService,
  event: StoredEvent,
  { maxAttempts, fencingToken }: ApplyEventsOptions,
  signal: AbortSignal,
): Promise<EventOutcome | 'stopped' | 'fenced'> {
  const { seq, sku, stock } = event;
  if (stock === undefined) return { seq, status: 'applied' };
  try {
    await stocks.setStock(sku, stock, fencingToken, signal);
    return { seq, status: 'applied' };
  } catch (err) {
    if (signal.aborted) return 'stopped';
    if (err instanceof StockFencedError) return 'fenced';
    const reason = err instanceof Error ? err.message : String(err);
    if (err instanceof StockRejectedError) return { seq, status: 'failed', error: reason };
    if (event.attempts + 1 >= maxAttempts)
      return { seq, status: 'failed', error: `LOMS unavailable after ${maxAttempts} attempts: ${reason}` };
    return { seq, status: 'retry', error: reason };
  }
}

/** Runs `work` on every item, at most `limit` at a time. */
async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
