import { ItemCountOverflowError, MAX_ITEM_COUNT } from './errors.ts';
import type { OrderStatus } from './order-status.ts';

export interface OrderItem {
  sku: bigint;
  count: bigint;
}

export interface Order {
  id: bigint;
  userId: bigint;
  status: OrderStatus;
  /** Sorted by sku, one line per sku. */
  items: OrderItem[];
}

/**
 * One line per sku (the same sku twice counts as the sum), sorted by sku. A sum beyond a uint32
 * count is refused (ItemCountOverflowError): it could be neither reserved nor answered.
 */
export function mergeItems(items: readonly OrderItem[]): OrderItem[] {
  const counts = new Map<bigint, bigint>();
  for (const { sku, count } of items) {
    const sum = (counts.get(sku) ?? 0n) + count;
    if (sum > MAX_ITEM_COUNT) throw new ItemCountOverflowError(sku);
    counts.set(sku, sum);
  }
  return [...counts]
    .map(([sku, count]) => ({ sku, count }))
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}
