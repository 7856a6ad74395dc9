import { createTestTopic, productsRelayingTo, type TestTopic } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dependencies, startDependencies } from '../support/dependencies.ts';
import { dependencyHttp, stockedProduct } from '../support/dependency-http.ts';
import { startTestCart, type TestCart } from '../support/test-cart.ts';

let events: TestTopic;
let deps: Dependencies;
let cart: TestCart;
const api = dependencyHttp(() => deps);

/** Products relaying its change events to a topic of this suite's own, polled often. */
beforeAll(async () => {
  events = await createTestTopic('products.product-events');
  deps = await startDependencies(productsRelayingTo(events));
  cart = await startTestCart(deps.addresses, cacheOn());
  await until(async () => (await metric(cart, 'cart_product_cache_live')) === 1, 30_000);
}, 240_000);
afterAll(async () => {
  await cart?.stop();
  await deps?.stop();
  await events?.delete();
});

function cacheOn(env: Record<string, string> = {}) {
  return {
    PRODUCT_CACHE_MAX_ENTRIES: '100',
    PRODUCT_CACHE_TTL: '10m',
    KAFKA_BROKERS: events.brokers.join(','),
    PRODUCT_EVENTS_TOPIC: events.topic,
    ...env,
  };
}

/** The sum of the cart's samples of `name` whose labels include `labels`, from its /metrics. */
async function metric(target: TestCart, name: string, labels: Record<string, string> = {}) {
  const text = await (await fetch(`${target.base()}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || (!line.startsWith(`${name} `) && !line.startsWith(`${name}{`))) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - started;
}

const priceIn = async (target: TestCart, user: number, sku: number) =>
  (await target.list(user)).body?.items?.find((i: { sku: number }) => i.sku === sku)?.price;

describe('the products cache', () => {
  it('serves repeated GETs from the cache and shows a PATCHed price within 1 s', async () => {
    const sku = await stockedProduct(api, 7_100_001, 100, 500);
    expect((await cart.add(71, sku, 2)).status).toBe(200);
    expect(await priceIn(cart, 71, sku)).toBe(500);
    const callsBefore = (await api.productCalls('BatchGetProducts')) + (await api.productCalls('GetProduct'));
    const hitsBefore = await metric(cart, 'cart_product_cache_hits_total');
    for (let i = 0; i < 5; i++) expect(await priceIn(cart, 71, sku)).toBe(500);
    expect(await metric(cart, 'cart_product_cache_hits_total')).toBe(hitsBefore + 5);
    expect((await api.productCalls('BatchGetProducts')) + (await api.productCalls('GetProduct'))).toBe(
      callsBefore,
    );

    await api.updateProduct(sku, { price: 777 });
    const visibleAfterMs = await until(async () => (await priceIn(cart, 71, sku)) === 777, 1_000);
    expect(visibleAfterMs).toBeLessThan(1_000);
    expect((await cart.list(71)).body).toMatchObject({ total_price: 1554 });
    expect(await metric(cart, 'cart_product_cache_staleness_seconds_count')).toBeGreaterThan(0);
  });

  it('evicts a deleted product: a GET no longer shows it and adding it again is refused', async () => {
    const sku = await stockedProduct(api, 7_100_002, 100, 300);
    expect((await cart.add(72, sku, 1)).status).toBe(200);
    expect(await priceIn(cart, 72, sku)).toBe(300);
    await api.deleteProduct(sku);
    await until(async () => (await priceIn(cart, 72, sku)) === undefined, 1_000);
    expect((await cart.add(72, sku, 1)).status).toBe(412);
    expect(await metric(cart, 'cart_product_cache_evictions_total', { reason: 'event' })).toBeGreaterThan(0);
  });

  it('keeps at most PRODUCT_CACHE_MAX_ENTRIES products, evicting the least recently used', async () => {
    const small = await startTestCart(deps.addresses, cacheOn({ PRODUCT_CACHE_MAX_ENTRIES: '2' }));
    try {
      await until(async () => (await metric(small, 'cart_product_cache_live')) === 1, 30_000);
      const skus = [7_100_011, 7_100_012, 7_100_013];
      for (const sku of skus) {
        await stockedProduct(api, sku, 100, 10);
        expect((await small.add(73, sku, 1)).status).toBe(200);
      }
      expect((await small.list(73)).status).toBe(200);
      expect(await metric(small, 'cart_product_cache_entries')).toBe(2);
      expect(await metric(small, 'cart_product_cache_evictions_total', { reason: 'lru' })).toBeGreaterThan(0);
    } finally {
      await small.stop();
    }
  });

  it('answers GETs with fresh prices when Kafka cannot be reached: the cache stays off', async () => {
    const offline = await startTestCart(deps.addresses, cacheOn({ KAFKA_BROKERS: '127.0.0.1:1' }));
    try {
      const sku = await stockedProduct(api, 7_100_021, 100, 40);
      expect((await offline.add(74, sku, 1)).status).toBe(200);
      expect(await priceIn(offline, 74, sku)).toBe(40);
      await api.updateProduct(sku, { price: 41 });
      expect(await priceIn(offline, 74, sku)).toBe(41);
      expect(await metric(offline, 'cart_product_cache_live')).toBe(0);
      expect(await metric(offline, 'cart_product_cache_hits_total')).toBe(0);
    } finally {
      await offline.stop();
    }
  });
});
