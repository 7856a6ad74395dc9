import { readInt64 } from '@marketplace/platform';
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

/**
 * Reads one row of the stock fixture (`{"sku", "total_count", "reserved"}`, parsed with
 * `parseJson` so ids beyond 2^53 arrive exact) into a stock; returns why it is invalid otherwise.
 */
export function readStockRow(row: unknown): { ok: true; stock: Stock } | { ok: false; reason: string } {
  const fields =
    row !== null && typeof row === 'object' && !Array.isArray(row) ? (row as Record<string, unknown>) : {};
  const sku = readInt64(fields.sku);
  if (sku === undefined || sku <= 0n) return { ok: false, reason: 'sku must be a positive integer' };
  const totalCount = readInt64(fields.total_count);
  if (totalCount === undefined || totalCount < 0n)
    return { ok: false, reason: 'total_count must be a non-negative integer' };
  const reserved = readInt64(fields.reserved);
  if (reserved === undefined || reserved < 0n)
    return { ok: false, reason: 'reserved must be a non-negative integer' };
  if (reserved > totalCount)
    return { ok: false, reason: `reserved (${reserved}) exceeds total_count (${totalCount})` };
  return { ok: true, stock: { sku, totalCount, reserved } };
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
