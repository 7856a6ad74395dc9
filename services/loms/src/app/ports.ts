import type { Order } from '../domain/order.ts';
import type { OrderEvent } from '../domain/order-event.ts';
import type { ListedOrder, OrderCursor } from '../domain/order-page.ts';
import type { OrderStatus } from '../domain/order-status.ts';
import type { Stock, StockChange } from '../domain/stock.ts';
import type { UncheckedReason, UserStanding } from '../domain/user-standing.ts';

export interface OrderRepository {
  /**
   * Takes the next order's id from the sequence and locks the stock rows of `skus` in sku order (so
   * concurrent orders cannot deadlock), in one statement. The order is stored under the id by
   * `Repositories.write`.
   */
  startNew(skus: readonly bigint[]): Promise<{ id: bigint; stocks: Map<bigint, Stock> }>;
  /** The order with its items. */
  find(orderId: bigint): Promise<Order | undefined>;
  /**
   * Locks the order, then the stock rows of its items in sku order, until the transaction ends, and
   * returns the order with its items: one statement for both locks.
   */
  lockWithStock(orderId: bigint): Promise<Order | undefined>;
  /**
   * Locks up to `limit` orders awaiting payment whose status has not changed since `before`, oldest
   * first, with their items. Orders locked by anyone else (a pay, a cancel, another replica's sweep)
   * are skipped, so concurrent sweeps share the work instead of waiting for each other.
   */
  lockExpired(before: Date, limit: number): Promise<Order[]>;
  /** Up to `limit` of the user's orders after `after` (or from the newest), created_at DESC, id DESC. */
  listByUser(userId: bigint, page: { after?: OrderCursor; limit: number }): Promise<ListedOrder[]>;
}

export type StockSetResult = 'set' | 'below-reserved' | 'fenced';

export interface StockRepository {
  find(sku: bigint): Promise<Stock | undefined>;
  /** Locks the rows of `skus` in sku order (so concurrent orders cannot deadlock) and returns them. */
  lock(skus: readonly bigint[]): Promise<Map<bigint, Stock>>;
  /**
   * Sets total_count, creating the row if needed. Refused when more than `totalCount` is reserved,
   * or when `fencingToken` is given and a greater one was already applied to the sku ('fenced').
   */
  setTotal(sku: bigint, totalCount: bigint, fencingToken?: bigint): Promise<StockSetResult>;
  /** Inserts rows that do not exist yet; returns how many were new. */
  insertMissing(stocks: readonly Stock[]): Promise<number>;
}

export interface OutboxRepository {
  /** Unsent messages and the age in seconds of the oldest (0 when none). */
  backlog(): Promise<{ count: number; oldestAgeSeconds: number }>;
  /** Deletes up to `limit` messages sent before `before`, oldest first; returns how many. */
  deleteSentBefore(before: Date, limit: number): Promise<number>;
}

export interface IdempotencyRecord {
  requestHash: string;
  orderId: bigint | null;
  error: string | null;
}

export interface IdempotencyRepository {
  /** Claims `key` for this request at `at`; false when it was claimed before (the caller then replays). */
  claim(key: string, requestHash: string, at: Date): Promise<boolean>;
  find(key: string): Promise<IdempotencyRecord | undefined>;
  complete(key: string, orderId: bigint, error: string | null): Promise<void>;
  /** Deletes up to `limit` keys claimed before `before`, oldest first; returns how many. */
  deleteOlderThan(before: Date, limit: number): Promise<number>;
}

/** What one unit of work changes, stored by `Repositories.write`. */
export interface OrderWrites {
  at: Date;
  /** A new order, stored with its items, created (and its status set) at `at`. */
  created?: Order;
  /** Orders moved to `status` at `at`. */
  moved?: { orderIds: readonly bigint[]; status: OrderStatus };
  /** Added to the stock rows, which the unit of work has locked. */
  stock: readonly StockChange[];
  /** Stored for the relay, with the trace context of the current span. */
  events: readonly OrderEvent[];
}

export interface Repositories {
  orders: OrderRepository;
  stocks: StockRepository;
  outbox: OutboxRepository;
  idempotency: IdempotencyRepository;
  /** Stores the order, status, stock and outbox writes of a unit of work in one statement (one round trip). */
  write(writes: OrderWrites): Promise<void>;
}

/** Repositories on the pool for reads, and a way to run work in one transaction. */
export interface Store {
  repos: Repositories;
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}

export interface Clock {
  now(): Date;
}

/** Business counters, told of status changes once their transaction committed. */
export interface OrderMetrics {
  committed(events: readonly OrderEvent[]): void;
  /** An order was stored although the users service could not say whether its user may order. */
  storedUnchecked(reason: UncheckedReason): void;
}

/** The users service, asked whether a user may order. */
export interface UserDirectory {
  /**
   * Never throws for the users service failing or being unreachable: that is `unchecked`.
   * `callerAuthorization` (the caller's `authorization` header) is used when LOMS has no account of
   * its own: with AUTH_MODE=jwt it is the user's own token, which may read their own account.
   */
  standing(userId: bigint, callerAuthorization?: string): Promise<UserStanding>;
}

/** What a background job that drains a backlog in batches is given. */
export interface BatchOptions {
  /** Rows (or orders) per transaction. */
  batchSize: number;
  /** Aborted on shutdown: the job ends after the batch in hand. */
  signal?: AbortSignal;
  /** Told how many rows each committed batch handled (metrics count as the work goes). */
  onBatch?: (handled: number) => void;
}

/** A cleanup of rows older than a retention period, in batches. */
export interface RetentionOptions extends BatchOptions {
  retentionMs: number;
}

export interface LomsDeps {
  store: Store;
  clock: Clock;
  newEventId: () => string;
  metrics: OrderMetrics;
  /** Absent when orders are placed without asking the users service (USERS_CHECK=off). */
  users?: UserDirectory;
}
