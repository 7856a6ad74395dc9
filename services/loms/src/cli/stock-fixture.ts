import { readInt64 } from '@marketplace/platform';
import type { Stock } from '../domain/stock.ts';

/** The fixture's valid rows as stocks, and each invalid row by position and sku with why. */
export interface StockFixture {
  stocks: Stock[];
  rejected: Array<{ row: number; sku: unknown; reason: string }>;
}

/**
 * Reads the rows of the stock fixture (`[{"sku", "total_count", "reserved"}]`, parsed with
 * `parseJson` so ids beyond 2^53 arrive exact), keeping the valid ones and naming the rest.
 */
export function readStockFixture(rows: readonly unknown[]): StockFixture {
  const fixture: StockFixture = { stocks: [], rejected: [] };
  rows.forEach((row, index) => {
    const read = readStockRow(row);
    if (read.ok) fixture.stocks.push(read.stock);
    else
      fixture.rejected.push({ row: index, sku: (row as { sku?: unknown } | null)?.sku, reason: read.reason });
  });
  return fixture;
}

/** One row of the stock fixture as a stock, or why it is invalid. */
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
