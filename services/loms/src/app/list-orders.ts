import { cursorAfter, type ListedOrder, type OrderCursor, orderPageLimit } from '../domain/order-page.ts';
import type { LomsDeps } from './ports.ts';

export interface ListOrdersInput {
  userId: bigint;
  /** 0 means the default page size. */
  pageSize: number;
  /** Where the previous page ended; absent for the first page. */
  after?: OrderCursor;
}

export interface OrderPage {
  orders: ListedOrder[];
  /** Where this page ended; absent when no order follows. */
  next?: OrderCursor;
}

/** A page of the user's orders, newest first (equal times: highest id first), items sorted by sku. */
export async function listOrders(deps: LomsDeps, input: ListOrdersInput): Promise<OrderPage> {
  const limit = orderPageLimit(input.pageSize);
  // One more than the page tells whether another page follows, so the last page has no token.
  const found = await deps.store.repos.orders.listByUser(input.userId, {
    after: input.after,
    limit: limit + 1,
  });
  const orders = found.slice(0, limit);
  const last = orders.at(-1);
  return { orders, next: found.length > limit && last ? cursorAfter(last) : undefined };
}
