import { StockNotFoundError } from '../domain/errors.ts';
import { available } from '../domain/stock.ts';
import type { LomsDeps } from './ports.ts';

/** Stock available for new orders: total minus reserved. */
export async function getStockInfo(deps: LomsDeps, sku: bigint): Promise<bigint> {
  const stock = await deps.store.repos.stocks.find(sku);
  if (!stock) throw new StockNotFoundError(sku);
  return available(stock);
}
