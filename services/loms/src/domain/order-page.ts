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
 * An opaque next_page_token: base64url of `["orders", userId, createdAtUs, id]`, numbers as decimal
 * strings. It names its user, so it cannot silently page through another user's list.
 */
export function encodeOrderPageToken(userId: bigint, cursor: OrderCursor): string {
  const fields = ['orders', userId.toString(), cursor.createdAtUs.toString(), cursor.id.toString()];
  return Buffer.from(JSON.stringify(fields)).toString('base64url');
}

const MAX_INT64 = 2n ** 63n - 1n;
const isPositiveInt64 = (value: unknown): value is string =>
  typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= MAX_INT64;

/** The cursor in `token`, or undefined when it is not a token this service made for `userId`'s list. */
export function decodeOrderPageToken(token: string, userId: bigint): OrderCursor | undefined {
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(fields) || fields.length !== 4) return undefined;
  const [kind, tokenUser, createdAtUs, id] = fields as unknown[];
  if (
    kind !== 'orders' ||
    !isPositiveInt64(tokenUser) ||
    !isPositiveInt64(createdAtUs) ||
    !isPositiveInt64(id)
  )
    return undefined;
  if (BigInt(tokenUser) !== userId) return undefined;
  const cursor = { createdAtUs: BigInt(createdAtUs), id: BigInt(id) };
  // Only the exact text this service produced is accepted (no padding or re-spelled numbers).
  return encodeOrderPageToken(userId, cursor) === token ? cursor : undefined;
}
