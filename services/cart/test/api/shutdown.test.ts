import http from 'node:http';
import { createReadiness, type Readiness, runWithReadiness } from '@marketplace/platform';
import { createTestDatabase, type TestDatabase } from '@marketplace/testkit';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningCart, startCart } from '../../src/cart-server.ts';
import { readCartConfig } from '../../src/config.ts';
import { CART_MIGRATIONS } from '../../src/infra/migrations.ts';
import {
  type FakeLoms,
  type FakeProducts,
  startFakeLoms,
  startFakeProducts,
} from '../support/fake-services.ts';

const BOOK = 1076963n;
let products: FakeProducts;
let loms: FakeLoms;
let testDb: TestDatabase;
let readiness: Readiness;
let cart: RunningCart | undefined;

beforeEach(async () => {
  products = await startFakeProducts([{ sku: BOOK, name: 'Book', price: 3379 }]);
  loms = await startFakeLoms([[BOOK, 100]]);
  testDb = await createTestDatabase('cart', CART_MIGRATIONS);
  readiness = createReadiness();
  const config = readCartConfig({
    HOST: '127.0.0.1',
    HTTP_PORT: '0',
    DATABASE_URL: testDb.url,
    MIGRATE_ON_START: 'false',
    PRODUCTS_GRPC_ADDRESS: products.address,
    LOMS_GRPC_ADDRESS: loms.address,
    PRODUCT_CACHE_MAX_ENTRIES: '0',
  });
  // As runService starts it: inside the readiness its shutdown turns off first.
  cart = await runWithReadiness(readiness, () => startCart(config, pino({ level: 'silent' })));
});
afterEach(async () => {
  await cart?.stop();
  await products.close();
  await loms.close();
  await testDb.drop();
});

const agent = new http.Agent({ keepAlive: true });

/** A request on a kept-alive connection; the status, or the error code when it could not connect. */
function request(method: string, path: string, body?: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port: cart!.httpPort, method, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end(body);
  });
}

describe('the cart shutting down', () => {
  it('answers /readyz with 503 from the start of the shutdown and keeps serving through the drain', async () => {
    expect(await request('POST', `/user/1/cart/${BOOK}`, '{"count":1}')).toBe(200);
    expect(await request('GET', '/readyz')).toBe(200);
    readiness.beginShutdown();
    expect(await request('GET', '/readyz')).toBe(503);
    expect(await request('GET', '/user/1/cart')).toBe(200);
  });

  it('answers the request in flight when it stops, then closes without waiting for kept-alive connections', async () => {
    expect(await request('POST', `/user/1/cart/${BOOK}`, '{"count":1}')).toBe(200);
    products.script.delayMs = 500;
    const inFlight = request('GET', '/user/1/cart');
    await expect.poll(() => products.script.inFlight).toBe(1);
    const started = Date.now();
    const running = cart!;
    cart = undefined;
    await running.stop();
    expect(await inFlight).toBe(200);
    // KEEP_ALIVE_TIMEOUT is 65s: the connection was closed once its answer was out.
    expect(Date.now() - started).toBeLessThan(3_000);
    agent.destroy();
    expect(
      await new Promise((resolve) =>
        http
          .get({ host: '127.0.0.1', port: running.httpPort })
          .on('error', (e: NodeJS.ErrnoException) => resolve(e.code)),
      ),
    ).toBe('ECONNREFUSED');
  });
});
