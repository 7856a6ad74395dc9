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

/** One line per sku (the same sku twice counts as the sum), sorted by sku. */
export function mergeItems(items: readonly OrderItem[]): OrderItem[] {
  const counts = new Map<bigint, bigint>();
  for (const { sku, count } of items) counts.set(sku, (counts.get(sku) ?? 0n) + count);
  return [...counts]
    .map(([sku, count]) => ({ sku, count }))
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}
