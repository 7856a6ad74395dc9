import type { OrderItem } from './order.ts';

export interface Stock {
  sku: bigint;
  totalCount: bigint;
  reserved: bigint;
}

/** A change to apply to one sku's stock row. */
export interface StockChange {
  sku: bigint;
  reservedDelta: bigint;
  totalDelta: bigint;
}

export function available(stock: Stock): bigint {
  return stock.totalCount - stock.reserved;
}

/** Why the items cannot all be reserved (the first sku without enough available stock), if they cannot. */
export function findShortage(
  items: readonly OrderItem[],
  stocks: ReadonlyMap<bigint, Stock>,
): string | undefined {
  for (const item of items) {
    const stock = stocks.get(item.sku);
    if (!stock) return `no stock for sku ${item.sku}`;
    if (available(stock) < item.count)
      return `insufficient stock for sku ${item.sku}: ${available(stock)} available, ${item.count} requested`;
  }
  return undefined;
}

/** Reserving holds the counts back from new orders. */
export function planReservation(items: readonly OrderItem[]): StockChange[] {
  return items.map((i) => ({ sku: i.sku, reservedDelta: i.count, totalDelta: 0n }));
}

/** Paying turns reservations into sales: both reserved and total drop by the count. */
export function planSale(items: readonly OrderItem[]): StockChange[] {
  return items.map((i) => ({ sku: i.sku, reservedDelta: -i.count, totalDelta: -i.count }));
}

/** Cancelling gives the reserved counts back. */
export function planRelease(items: readonly OrderItem[]): StockChange[] {
  return items.map((i) => ({ sku: i.sku, reservedDelta: -i.count, totalDelta: 0n }));
}

/** One change per sku with the deltas summed, sorted by sku (several orders touching one sku at once). */
export function mergeStockChanges(changes: readonly StockChange[]): StockChange[] {
  const merged = new Map<bigint, StockChange>();
  for (const change of changes) {
    const seen = merged.get(change.sku);
    merged.set(
      change.sku,
      seen
        ? {
            sku: change.sku,
            reservedDelta: seen.reservedDelta + change.reservedDelta,
            totalDelta: seen.totalDelta + change.totalDelta,
          }
        : { ...change },
    );
  }
  return [...merged.values()].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}
