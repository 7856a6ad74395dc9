import { createTestDatabase, type TestDatabase } from '@marketplace/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCart, startCart } from '../../src/cart-server.ts';
import { CART_MIGRATIONS } from '../../src/infra/migrations.ts';
import { cartHttp } from '../support/cart-http.ts';
import {
  type FakeLoms,
  type FakeProducts,
  startFakeLoms,
  startFakeProducts,
} from '../support/fake-services.ts';
import { testCartConfig } from '../support/test-cart.ts';

// Three cart replicas on one cart database, each under the default budget towards products
// (10 requests/s, burst 10): together they must stay within that one budget.
const SKU = 1_076_963n;
const USERS = Array.from({ length: 30 }, (_, i) => 700 + i);
let products: FakeProducts;
let loms: FakeLoms;
let testDb: TestDatabase;
let replicas: RunningCart[];

beforeAll(async () => {
  products = await startFakeProducts([{ sku: SKU, name: 'Теория нравственных чувств', price: 3379 }]);
  loms = await startFakeLoms([[SKU, 1_000_000]]);
  testDb = await createTestDatabase('cart', CART_MIGRATIONS);
  const config = testCartConfig(testDb.url, { products: products.address, loms: loms.address });
  replicas = await Promise.all([1, 2, 3].map(() => startCart(config, pino({ level: 'silent' }))));
  const cart = cartHttp(() => `http://127.0.0.1:${replicas[0]!.httpPort}`);
  for (const user of USERS) expect((await cart.add(user, SKU, 1)).status).toBe(200);
}, 120_000);
afterAll(async () => {
  await Promise.all((replicas ?? []).map((r) => r.stop()));
  await testDb?.drop();
  await products?.close();
  await loms?.close();
});

/** The most calls seen in any window of `ms` that starts at a call. */
function busiestWindow(at: number[], ms: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (j < at.length && at[j]! < at[i]! + ms) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

describe('three cart replicas towards one products', () => {
  it('send products at most 10 requests/s plus the burst together, and answer every GET', {
    timeout: 60_000,
  }, async () => {
    products.script.reset();
    const started = performance.now();
    const statuses: number[] = [];
    // Ten callers per replica for 3 s: each replica alone would use the whole budget.
    await Promise.all(
      replicas.flatMap((replica) => {
        const cart = cartHttp(() => `http://127.0.0.1:${replica.httpPort}`);
        return USERS.slice(0, 10).map(async (user) => {
          while (performance.now() - started < 3000) statuses.push((await cart.list(user)).status);
        });
      }),
    );
    const at = products.script.calls.map((call) => call.at).sort((a, b) => a - b);
    // Every call counted took its token after `started` and before it arrived.
    const seconds = (at.at(-1)! - started) / 1000;
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(at.length).toBeLessThanOrEqual(10 + Math.floor(10 * seconds));
    // Any second: the burst and a second's rate, and one more for a call up to 100 ms in flight.
    expect(busiestWindow(at, 1000)).toBeLessThanOrEqual(21);
    // The budget is used, not starved: about 10/s over the run.
    expect(at.length).toBeGreaterThanOrEqual(25);
  });
});
