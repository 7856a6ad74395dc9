import type { Stock } from '../domain/stock.ts';
import type { LomsDeps } from './ports.ts';

export interface SeedReport {
  inserted: number;
  kept: number;
}

/** Loads stock rows that do not exist yet, so seeding twice keeps live stock. */
export async function seedStocks(deps: LomsDeps, stocks: readonly Stock[]): Promise<SeedReport> {
  const inserted = await deps.store.repos.stocks.insertMissing(stocks);
  return { inserted, kept: stocks.length - inserted };
}
