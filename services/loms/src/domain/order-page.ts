import { decodePageToken, encodePageToken, type PageTokens, tokenInt64 } from '@marketplace/platform';
import type { Order } from './order.ts';

/** Largest `page_size` a client may ask for. */
export const MAX_ORDER_PAGE_SIZE = 100;
/** Orders per page when the client gives no `page_size` (0). */
export const DEFAULT_ORDER_PAGE_SIZE = 20;

/** An order as its owner's list shows it. */
export interface ListedOrder extends Order {
  /** Microseconds since the Unix epoch: PostgreSQL's precision, so a cursor names a row exactly. */
  createdAtUs: bigint;
}

/** Where a page of a user's orders ended: the sort key (created_at DESC, id DESC) of its last order. */
export interface OrderCursor {
  createdAtUs: bigint;
  id: bigint;
}

/** The page size a request means: its `page_size`, or {@link DEFAULT_ORDER_PAGE_SIZE} for 0. */
export function orderPageLimit(pageSize: number): number {
  return pageSize === 0 ? DEFAULT_ORDER_PAGE_SIZE : Math.min(pageSize, MAX_ORDER_PAGE_SIZE);
}

export function cursorAfter(order: ListedOrder): OrderCursor {
  return { createdAtUs: order.createdAtUs, id: order.id };
}

/**
 * The page tokens of a user's orders: opaque next_page_tokens of `["orders", userId, createdAtUs,
 * id]`. A token names its user, so it cannot silently page through another user's list.
 */
export function orderPageTokens(userId: bigint): PageTokens<OrderCursor> {
  return {
    owner: 'user',
    encode: (cursor) => encodePageToken(['orders', userId, cursor.createdAtUs, cursor.id]),
    decode(token) {
      const fields = decodePageToken(token, 4);
      if (fields?.[0] !== 'orders' || tokenInt64(fields[1]) !== userId) return undefined;
      const createdAtUs = tokenInt64(fields[2]);
      const id = tokenInt64(fields[3]);
      return createdAtUs === undefined || id === undefined ? undefined : { createdAtUs, id };
    },
  };
}
