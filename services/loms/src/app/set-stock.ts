import { StaleFencingTokenError, StockBelowReservedError } from '../domain/errors.ts';
import type { LomsDeps } from './ports.ts';

/**
 * Sets a sku's total stock (creating it if new); refuses to go below what is reserved, and, when
 * the writer gives a fencing token, to undo a set made under a newer token (a newer lease).
 */
export async function setStock(
  deps: LomsDeps,
  sku: bigint,
  totalCount: bigint,
  fencingToken?: bigint,
): Promise<void> {
  const result = await deps.store.repos.stocks.setTotal(sku, totalCount, fencingToken);
  if (result === 'below-reserved') throw new StockBelowReservedError(sku, totalCount);
  if (result === 'fenced') throw new StaleFencingTokenError(sku, fencingToken!);
}
