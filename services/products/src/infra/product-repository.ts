import type { Executor } from '@marketplace/platform';
import { sql } from 'kysely';
import type { ProductRepository } from '../app/ports.ts';
import type { Product } from '../domain/product.ts';
import type { ProductsDatabase } from './schema.ts';

const toProduct = (row: { sku: bigint; name: string; price: bigint }): Product => ({
  sku: row.sku,
  name: row.name,
  price: Number(row.price),
});

const COLUMNS = ['sku', 'name', 'price'] as const;

/** The catalogue in PostgreSQL: every read and write but insert sees live (not deleted) rows only. */
export function createProductRepository(db: Executor<ProductsDatabase>): ProductRepository {
  const live = () => db.selectFrom('products').select(COLUMNS).where('deleted_at', 'is', null);
  return {
    async find(sku) {
      const row = await live().where('sku', '=', sku).executeTakeFirst();
      return row && toProduct(row);
    },

    async findMany(skus) {
      const rows = await live()
        .where('sku', 'in', [...skus])
        .execute();
      return rows.map(toProduct);
    },

    async listAfter(startAfterSku, limit) {
      const rows = await live().where('sku', '>', startAfterSku).orderBy('sku').limit(limit).execute();
      return rows.map(toProduct);
    },

    async insert(product) {
      const row = await db
        .insertInto('products')
        .values({ sku: product.sku, name: product.name, price: BigInt(product.price) })
        .onConflict((oc) => oc.column('sku').doNothing())
        .returning('sku')
        .executeTakeFirst();
      return row !== undefined;
    },

    async update(sku, changes) {
      const row = await db
        .updateTable('products')
        // Kysely leaves out undefined values: only the fields given change.
        .set({
          name: changes.name,
          price: changes.price === undefined ? undefined : BigInt(changes.price),
          updated_at: new Date(),
        })
        .where('sku', '=', sku)
        .where('deleted_at', 'is', null)
        .returning(COLUMNS)
        .executeTakeFirst();
      return row && toProduct(row);
    },

    async setPrices(prices) {
      if (prices.size === 0) return new Set();
      const values = sql.join([...prices].map(([sku, price]) => sql`(${sku}::bigint, ${price}::bigint)`));
      const { rows } = await sql<{ sku: bigint }>`
        UPDATE products AS p SET price = v.price, updated_at = now()
        FROM (VALUES ${values}) AS v (sku, price)
        WHERE p.sku = v.sku AND p.deleted_at IS NULL
        RETURNING p.sku`.execute(db);
      return new Set(rows.map((r) => r.sku));
    },

    async softDelete(sku) {
      const result = await db
        .updateTable('products')
        .set({ deleted_at: new Date() })
        .where('sku', '=', sku)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async insertMissing(products) {
      if (products.length === 0) return 0;
      const rows = await db
        .insertInto('products')
        .values(products.map((p) => ({ sku: p.sku, name: p.name, price: BigInt(p.price) })))
        .onConflict((oc) => oc.column('sku').doNothing())
        .returning('sku')
        .execute();
      return rows.length;
    },
  };
}
