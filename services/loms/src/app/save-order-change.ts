import type { OrderChange } from '../domain/order-status.ts';
import type { Repositories } from './ports.ts';

/**
 * Saves one change made to each of `orderIds` (their stock effects merged): the stock rows are
 * locked in sku order first, so concurrent changes touching the same skus cannot deadlock.
 */
export async function saveOrderChange(
  repos: Repositories,
  orderIds: readonly bigint[],
  change: OrderChange,
  at: Date,
): Promise<void> {
  await repos.stocks.lock(change.stock.map((c) => c.sku));
  await repos.stocks.apply(change.stock);
  await repos.orders.setStatus(orderIds, change.status, at);
  await repos.outbox.add(change.events);
}
