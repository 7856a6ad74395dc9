import { StockBelowReservedError } from '../domain/errors.ts';
import type { LomsDeps } from './ports.ts';

/** Sets a sku's total stock (creating it if new); refuses to go below what is reserved. */
export async function setStock(deps: LomsDeps, sku: bigint, totalCount: bigint): Promise<void> {
  if (!(await deps.store.repos.stocks.setTotal(sku, totalCount)))
    throw new StockBelowReservedError(sku, totalCount);
}
