import { Code, ConnectError } from '@connectrpc/connect';
import type { StockService } from '../../src/app/ports.ts';
import { StockRejectedError } from '../../src/domain/errors.ts';

/** A StockService in memory: records every set, and fails for skus the test chose. */
export function createFakeStocks() {
  const totals = new Map<bigint, number>();
  const calls: Array<{ sku: bigint; totalCount: number }> = [];
  const refused = new Map<bigint, string>();
  const unreachable = new Set<bigint>();
  const stocks: StockService = {
    async setStock(sku, totalCount) {
      calls.push({ sku, totalCount });
      if (unreachable.has(sku)) throw new ConnectError('connection refused', Code.Unavailable);
      const reason = refused.get(sku);
      if (reason) throw new StockRejectedError(sku, reason);
      totals.set(sku, totalCount);
    },
  };
  return { stocks, totals, calls, refused, unreachable };
}

export type FakeStocks = ReturnType<typeof createFakeStocks>;
