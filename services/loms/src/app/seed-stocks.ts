import { readStockRow, type Stock } from '../domain/stock.ts';
import type { LomsDeps } from './ports.ts';

export interface SeedReport {
  inserted: number;
  kept: number;
  rejected: Array<{ row: number; sku: unknown; reason: string }>;
}

/**
 * Loads stock rows that do not exist yet (so seeding twice keeps live stock), rejecting invalid
 * rows by position and sku and loading the rest.
 */
export async function seedStocks(deps: LomsDeps, rows: readonly unknown[]): Promise<SeedReport> {
  const rejected: SeedReport['rejected'] = [];
  const valid: Stock[] = [];
  rows.forEach((row, index) => {
    const read = readStockRow(row);
    if (read.ok) valid.push(read.stock);
    else rejected.push({ row: index, sku: (row as { sku?: unknown } | null)?.sku, reason: read.reason });
  });
  const inserted = await deps.store.repos.stocks.insertMissing(valid);
  return { inserted, kept: valid.length - inserted, rejected };
}
