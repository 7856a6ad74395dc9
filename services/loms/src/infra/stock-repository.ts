import type { Executor } from '@marketplace/platform';
import { type OperationNodeSource, sql } from 'kysely';
import type { StockRepository } from '../app/ports.ts';
import type { Stock, StockChange } from '../domain/stock.ts';
import type { LomsDatabase } from './schema.ts';

const toStock = (row: { sku: bigint; total_count: bigint; reserved: bigint }): Stock => ({
  sku: row.sku,
  totalCount: row.total_count,
  reserved: row.reserved,
});

export function createStockRepository(db: Executor<LomsDatabase>): StockRepository {
  return {
    async find(sku) {
      const row = await db.selectFrom('stocks').selectAll().where('sku', '=', sku).executeTakeFirst();
      return row && toStock(row);
    },

    async lock(skus) {
      if (skus.length === 0) return new Map();
      const rows = await db
        .selectFrom('stocks')
        .selectAll()
        .where('sku', 'in', [...skus])
        .orderBy('sku')
        .forUpdate()
        .execute();
      return new Map(rows.map((row) => [row.sku, toStock(row)]));
    },

    async setTotal(sku, totalCount, fencingToken) {
      // One statement: the reserved and token checks and the write cannot be split by a concurrent
      // order or StockSet. Without a token the stored one stays as it is.
      const row = await db
        .insertInto('stocks')
        .values({ sku, total_count: totalCount, reserved: 0n, fencing_token: fencingToken ?? null })
        .onConflict((oc) => {
          const set = oc.column('sku').doUpdateSet({
            total_count: totalCount,
            ...(fencingToken !== undefined && { fencing_token: fencingToken }),
          });
          const notReserved = set.where('stocks.reserved', '<=', totalCount);
          return fencingToken === undefined
            ? notReserved
            : notReserved.where((eb) =>
                eb.or([
                  eb('stocks.fencing_token', 'is', null),
                  eb('stocks.fencing_token', '<=', fencingToken),
                ]),
              );
        })
        .returning('sku')
        .executeTakeFirst();
      if (row) return 'set';
      // Refused: say why. Tokens only grow, so one found greater than ours was greater at the write.
      const stored = await db
        .selectFrom('stocks')
        .select('fencing_token')
        .where('sku', '=', sku)
        .executeTakeFirst();
      const newer = stored?.fencing_token;
      return fencingToken !== undefined && newer != null && newer > fencingToken
        ? 'fenced'
        : 'below-reserved';
    },

    async insertMissing(stocks) {
      if (stocks.length === 0) return 0;
      const rows = await db
        .insertInto('stocks')
        .values(stocks.map((s) => ({ sku: s.sku, total_count: s.totalCount, reserved: s.reserved })))
        .onConflict((oc) => oc.column('sku').doNothing())
        .returning('sku')
        .execute();
      return rows.length;
    },
  };
}

/**
 * The statement that adds `changes` to their stock rows (see executeAsOneStatement); one text for
 * any number of changes, so it is prepared once.
 */
export function applyStockStatement(changes: readonly StockChange[]): OperationNodeSource {
  return sql`
    UPDATE stocks AS s
    SET reserved = s.reserved + v.reserved_delta, total_count = s.total_count + v.total_delta
    FROM unnest(
      ${changes.map((c) => c.sku)}::bigint[],
      ${changes.map((c) => c.reservedDelta)}::bigint[],
      ${changes.map((c) => c.totalDelta)}::bigint[]
    ) AS v (sku, reserved_delta, total_delta)
    WHERE s.sku = v.sku`;
}
