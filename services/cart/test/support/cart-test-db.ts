import { createDatabase } from '@marketplace/platform';
import { createTestDatabase } from '@marketplace/testkit';
import { pino } from 'pino';
import type { CartDeps } from '../../src/app/ports.ts';
import type { Product } from '../../src/domain/cart.ts';
import { CART_MIGRATIONS } from '../../src/infra/migrations.ts';
import type { CartDatabase } from '../../src/infra/schema.ts';
import { createPostgresStore } from '../../src/infra/store.ts';
import { createFakeCatalog, createFakeOrders } from './fakes.ts';

/** A migrated throwaway cart database with the use cases wired to it and to in-memory fakes. */
export async function createCartTestDb(
  products: Product[] = [],
  stock: ReadonlyArray<readonly [bigint, number]> = [],
) {
  const testDb = await createTestDatabase('cart', CART_MIGRATIONS);
  const database = createDatabase<CartDatabase>({ url: testDb.url, maxConnections: 20 });
  const catalog = createFakeCatalog(products);
  const orders = createFakeOrders(stock);
  const deps: CartDeps = {
    store: createPostgresStore(database.db),
    products: catalog,
    orders,
    log: pino({ level: 'silent' }),
  };
  return {
    url: testDb.url,
    db: database.db,
    deps,
    catalog,
    orders,
    /** The stored cart: revision and items in sku order, as the repository reads it. */
    cart: (userId: bigint) => deps.store.repos.carts.find(userId),
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

export type CartTestDb = Awaited<ReturnType<typeof createCartTestDb>>;
