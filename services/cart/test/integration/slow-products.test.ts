import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dependencies, startDependencies } from '../support/dependencies.ts';
import { dependencyHttp, stockedProduct } from '../support/dependency-http.ts';
import { startTestCart, type TestCart } from '../support/test-cart.ts';

// Products answers every read 600 ms late. One cart batches its lookups (the default); the other
// asks GetProduct per sku (PRODUCTS_BATCH_SIZE=1), so it lives on the rate limit and parallelism.
let deps: Dependencies;
let batched: TestCart;
let perSku: TestCart;
const api = dependencyHttp(() => deps);
const SKUS = Array.from({ length: 20 }, (_, i) => 8_000_001 + i);
const ELEVEN = 1;
const TWENTY = 2;

beforeAll(async () => {
  deps = await startDependencies({ PRODUCTS_READ_LATENCY: '600ms' });
  batched = await startTestCart(deps.addresses);
  perSku = await startTestCart(deps.addresses, { PRODUCTS_BATCH_SIZE: '1' });
  for (const sku of SKUS) await stockedProduct(api, sku, 1_000, 10);
  for (const cart of [batched, perSku]) {
    const adds = [
      ...SKUS.slice(0, 11).map((sku) => cart.add(ELEVEN, sku, 10)),
      ...SKUS.map((sku) => cart.add(TWENTY, sku, 1)),
    ];
    for (const answer of await Promise.all(adds)) expect(answer.status).toBe(200);
  }
}, 240_000);
afterAll(async () => {
  await batched?.stop();
  await perSku?.stop();
  await deps?.stop();
});

describe.each([
  ['batched lookups', () => batched],
  ['one GetProduct per sku', () => perSku],
])('with products answering in 600 ms, %s', (_name, cart) => {
  it('lists a cart of 11 skus with count 10 each within 11 s', { timeout: 11_000 }, async () => {
    const answer = await cart().list(ELEVEN);
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((i: { sku: number }) => i.sku)).toEqual(SKUS.slice(0, 11));
    expect(answer.body.total_price).toBe(11 * 10 * 10);
  });

  it('lists a cart of 20 skus', async () => {
    const answer = await cart().list(TWENTY);
    expect(answer.status).toBe(200);
    expect(answer.body.items).toHaveLength(20);
  });
});
