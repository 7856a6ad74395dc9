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

export type ReservationPlan = { ok: true; changes: StockChange[] } | { ok: false; reason: string };

/** Reserves every item or none: fails naming the first sku without enough available stock. */
export function planReservation(
  items: readonly OrderItem[],
  stocks: ReadonlyMap<bigint, Stock>,
): ReservationPlan {
  for (const item of items) {
    const stock = stocks.get(item.sku);
    if (!stock) return { ok: false, reason: `no stock for sku ${item.sku}` };
    if (available(stock) < item.count) {
      return {
        ok: false,
        reason: `insufficient stock for sku ${item.sku}: ${available(stock)} available, ${item.count} requested`,
      };
    }
  }
  return { ok: true, changes: items.map((i) => ({ sku: i.sku, reservedDelta: i.count, totalDelta: 0n })) };
}

/** Paying turns reservations into sales: both reserved and total drop by the count. */
export function planSale(items: readonly OrderItem[]): StockChange[] {
  return items.map((i) => ({ sku: i.sku, reservedDelta: -i.count, totalDelta: -i.count }));
}

/** Cancelling gives the reserved counts back. */
export function planRelease(items: readonly OrderItem[]): StockChange[] {
  return items.map((i) => ({ sku: i.sku, reservedDelta: -i.count, totalDelta: 0n }));
}

export interface StockRow {
  sku: number;
  total_count: number;
  reserved: number;
}

/** Checks one seed row; returns why it is invalid, or undefined when it is fine. */
export function invalidStockRow(row: Partial<StockRow>): string | undefined {
  const { sku, total_count, reserved } = row;
  if (!Number.isSafeInteger(sku) || (sku as number) <= 0) return 'sku must be a positive integer';
  if (!Number.isSafeInteger(total_count) || (total_count as number) < 0)
    return 'total_count must be a non-negative integer';
  if (!Number.isSafeInteger(reserved) || (reserved as number) < 0)
    return 'reserved must be a non-negative integer';
  if ((reserved as number) > (total_count as number))
    return `reserved (${reserved}) exceeds total_count (${total_count})`;
  return undefined;
}
