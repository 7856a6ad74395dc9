import { invalidStockRow, type StockRow } from '../domain/stock.ts';
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
export async function seedStocks(
  deps: LomsDeps,
  rows: ReadonlyArray<Partial<StockRow>>,
): Promise<SeedReport> {
  const rejected: SeedReport['rejected'] = [];
  const valid = rows.flatMap((row, index) => {
    const reason = invalidStockRow(row);
    if (reason) {
      rejected.push({ row: index, sku: row.sku, reason });
      return [];
    }
    const { sku, total_count, reserved } = row as StockRow;
    return [{ sku: BigInt(sku), totalCount: BigInt(total_count), reserved: BigInt(reserved) }];
  });
  const inserted = await deps.store.repos.stocks.insertMissing(valid);
  return { inserted, kept: valid.length - inserted, rejected };
}
