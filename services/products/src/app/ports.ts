import type { BatchProgress, EventOutcome, IngestEvent, StoredEvent } from '../domain/ingest.ts';
import type { Product } from '../domain/product.ts';
import type { ProductChanges } from '../domain/product-update.ts';

/** The catalogue. Every read and write but `insert` sees live (not deleted) products only. */
export interface ProductRepository {
  find(sku: bigint): Promise<Product | undefined>;
  findMany(skus: readonly bigint[]): Promise<Product[]>;
  /** Up to `limit` products with sku > `startAfterSku`, by sku ascending. */
  listAfter(startAfterSku: bigint, limit: number): Promise<Product[]>;
  /** False when the sku is taken, by a live or a deleted product. */
  insert(product: Product): Promise<boolean>;
  /** Writes `changes` and returns the product; undefined when there is no such live product. */
  update(sku: bigint, changes: ProductChanges): Promise<Product | undefined>;
  /** Sets the price of each live product in `prices`; answers the skus that were set. */
  setPrices(prices: ReadonlyMap<bigint, number>): Promise<Set<bigint>>;
  /** Marks the product deleted; false when there is no such live product. */
  softDelete(sku: bigint): Promise<boolean>;
  /** Inserts products whose sku is not taken yet; returns how many were new. */
  insertMissing(products: readonly Product[]): Promise<number>;
}

/** A batch leased to a worker, with the lease's fencing token (greater than every earlier lease's). */
export interface BatchClaim {
  batchId: string;
  fencingToken: bigint;
}

export interface IngestRepository {
  /** Serializes admissions until the transaction ends, so the backlog check cannot be raced. */
  lockAdmission(): Promise<void>;
  /** Events of every batch still waiting to be applied. */
  countPending(): Promise<number>;
  insertBatch(batchId: string, events: readonly IngestEvent[]): Promise<void>;
  findBatch(batchId: string): Promise<BatchProgress | undefined>;
  /**
   * Leases the oldest unfinished batch nobody holds (or whose lease expired) to `token` for
   * `leaseMs`, skipping rows other workers are claiming; undefined when there is none.
   */
  claimBatch(token: string, leaseMs: number): Promise<BatchClaim | undefined>;
  /** The next `limit` pending events of a batch, in batch order. */
  pendingEvents(batchId: string, limit: number): Promise<StoredEvent[]>;
  /** Locks the batch and extends the lease if `token` still holds it; false when it was lost. */
  holdLease(batchId: string, token: string, leaseMs: number): Promise<boolean>;
  recordOutcomes(batchId: string, outcomes: readonly EventOutcome[]): Promise<void>;
  /** Marks the batch finished when no event is pending any more. */
  finishIfDone(batchId: string): Promise<void>;
  /** Gives the batch up; nobody may claim it for `delayMs`. No-op unless `token` holds it. */
  releaseLease(batchId: string, token: string, delayMs: number): Promise<void>;
}

export interface Repositories {
  products: ProductRepository;
  ingest: IngestRepository;
}

/** Repositories on the pool for reads, and a way to run work in one transaction. */
export interface Store {
  repos: Repositories;
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}

/** LOMS stock, as the ingest workers need it. */
export interface StockService {
  /**
   * Sets the total stock of a sku (an idempotent set) under the caller's lease. Throws
   * StockRejectedError when LOMS refuses for good, StockFencedError when a newer lease already set
   * the sku (this lease is lost); any other error is transient and the change may be tried again.
   */
  setStock(sku: bigint, totalCount: number, fencingToken: bigint, signal?: AbortSignal): Promise<void>;
}

export interface ProductsDeps {
  store: Store;
  stocks: StockService;
  newId: () => string;
}
