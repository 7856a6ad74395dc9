import { createTestDatabase } from '@marketplace/testkit';
import { pino } from 'pino';
import { type RunningCart, startCart } from '../../src/cart-server.ts';
import { readCartConfig } from '../../src/config.ts';
import { CART_MIGRATIONS } from '../../src/infra/migrations.ts';
import { cartHttp } from './cart-http.ts';

/**
 * The cart's config for a test: free port, the given database and products and LOMS gRPC addresses,
 * no products cache unless `env` turns it on.
 */
export function testCartConfig(
  databaseUrl: string,
  addresses: { products: string; loms: string },
  env: Record<string, string> = {},
) {
  return readCartConfig({
    HOST: '127.0.0.1',
    HTTP_PORT: '0',
    DATABASE_URL: databaseUrl,
    MIGRATE_ON_START: 'false',
    PRODUCTS_GRPC_ADDRESS: addresses.products,
    LOMS_GRPC_ADDRESS: addresses.loms,
    // No products cache unless a test asks for one, with a topic of its own.
    PRODUCT_CACHE_MAX_ENTRIES: '0',
    ...env,
  });
}

/**
 * The cart running in-process on a free port over its own test database, pointed at the given
 * products and LOMS gRPC addresses. `restart` starts a new cart on the same database.
 */
export async function startTestCart(
  addresses: { products: string; loms: string },
  env: Record<string, string> = {},
) {
  const testDb = await createTestDatabase('cart', CART_MIGRATIONS);
  const config = testCartConfig(testDb.url, addresses, env);
  const log = pino({ level: process.env.CART_TEST_LOG ?? 'silent' });
  let cart: RunningCart = await startCart(config, log);
  const base = () => `http://127.0.0.1:${cart.httpPort}`;
  return {
    ...cartHttp(base),
    base,
    get cart() {
      return cart;
    },
    async restart() {
      await cart.stop();
      cart = await startCart(config, log);
    },
    async stop() {
      await cart.stop();
      await testDb.drop();
    },
  };
}

export type TestCart = Awaited<ReturnType<typeof startTestCart>>;
