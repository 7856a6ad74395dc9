import { randomUUID } from 'node:crypto';
import { createDatabase } from '@marketplace/platform';
import { createTestDatabase } from '@marketplace/testkit';
import type { ProductsDeps } from '../../src/app/ports.ts';
import type { Product } from '../../src/domain/product.ts';
import { PRODUCTS_MIGRATIONS } from '../../src/infra/migrations.ts';
import type { ProductsDatabase } from '../../src/infra/schema.ts';
import { createPostgresStore } from '../../src/infra/store.ts';
import { createFakeStocks } from './fake-stocks.ts';

/** A migrated throwaway products database with the use cases' dependencies wired to it. */
export async function createProductsTestDb() {
  const testDb = await createTestDatabase('products', PRODUCTS_MIGRATIONS);
  const database = createDatabase<ProductsDatabase>({ url: testDb.url, maxConnections: 20 });
  const fake = createFakeStocks();
  const deps: ProductsDeps = {
    store: createPostgresStore(database.db),
    stocks: fake.stocks,
    newId: randomUUID,
  };
  const db = database.db;
  return {
    url: testDb.url,
    db,
    deps,
    fake,
    async addProducts(...products: Product[]) {
      await db
        .insertInto('products')
        .values(products.map((p) => ({ sku: p.sku, name: p.name, price: BigInt(p.price) })))
        .execute();
    },
    /** Every ingest lease (and rest) ends now, as if its time had passed: no test waits for a clock. */
    async lapseLeases() {
      await db
        .updateTable('ingest_batches')
        .set({ leased_until: new Date(0) })
        .execute();
    },
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

export type ProductsTestDb = Awaited<ReturnType<typeof createProductsTestDb>>;
