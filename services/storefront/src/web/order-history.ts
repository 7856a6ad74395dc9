import type { OrderPage, OrderSummary } from './marketplace-api.ts';

/** Reads a page of one user's orders: '' for the first, else the last page's nextPageToken. */
export type OrderPageLoader = (pageToken: string) => Promise<OrderPage>;

export interface OrderHistory {
  /** Loads the first page again; resolves with the orders now shown. */
  first(): Promise<OrderSummary[]>;
  /** Appends the next page; resolves with the orders now shown. */
  more(): Promise<OrderSummary[]>;
  /** Whether a next page exists. */
  hasMore(): boolean;
}

/**
 * One user's orders, newest first, a page at a time (LOMS keyset pages). An order that shows again
 * on a later page is listed once. A failed read keeps what was shown and rejects.
 */
export function createOrderHistory(load: OrderPageLoader): OrderHistory {
  let orders: OrderSummary[] = [];
  let next = '';
  const read = async (token: string, keep: OrderSummary[]) => {
    const page = await load(token);
    const seen = new Set(keep.map((order) => order.orderId));
    orders = [...keep, ...page.orders.filter((order) => !seen.has(order.orderId))];
    next = page.nextPageToken;
    return orders;
  };
  return {
    first: () => read('', []),
    more: () => (next === '' ? Promise.resolve(orders) : read(next, orders)),
    hasMore: () => next !== '',
  };
}

/** An order's size for a person: "1 item", "3 items" (units across its lines). */
export function itemCountText(items: ReadonlyArray<{ count: number }>): string {
  const units = items.reduce((sum, item) => sum + item.count, 0);
  return `${units} ${units === 1 ? 'item' : 'items'}`;
}
