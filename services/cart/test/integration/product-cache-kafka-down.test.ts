import { createKafka, createLogger, ensureTopics } from '@marketplace/platform';
import { dedicatedKafka } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dependencies, startDependencies } from '../support/dependencies.ts';
import { dependencyHttp, stockedProduct } from '../support/dependency-http.ts';
import { startTestCart, type TestCart } from '../support/test-cart.ts';

// A broker of this suite's own, so stopping it disturbs no other suite.
const broker = dedicatedKafka(19192);
const topic = 'products.product-events.kafka-down-test';
let deps: Dependencies;
let cart: TestCart;
const api = dependencyHttp(() => deps);

beforeAll(async () => {
  await broker.start();
  const kafka = createKafka({
    brokers: broker.brokers,
    clientId: 'cart-test',
    log: createLogger('test', 'silent'),
  });
  await ensureTopics(kafka, [{ topic, numPartitions: 2 }]);
  const events = { KAFKA_BROKERS: broker.brokers.join(','), PRODUCT_EVENTS_TOPIC: topic };
  deps = await startDependencies({ ...events, OUTBOX_RELAY_ENABLED: 'true', OUTBOX_POLL_INTERVAL: '20ms' });
  cart = await startTestCart(deps.addresses, { ...events, PRODUCT_CACHE_MAX_ENTRIES: '100' });
  // A fresh broker creates its offsets topic at the first group join: slow on a loaded machine.
  await until(async () => (await cacheLive()) === 1, 150_000);
}, 400_000);
afterAll(async () => {
  await cart?.stop();
  await deps?.stop();
  await broker.stop();
}, 120_000);

async function cacheLive() {
  const text = await (await fetch(`${cart.base()}/metrics`)).text();
  return Number(/^cart_product_cache_live(?:\{[^}]*\})? (\d+)$/m.exec(text)?.[1]);
}

async function until(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const priceIn = async (user: number, sku: number) => {
  const answer = await cart.list(user);
  expect(answer.status, answer.text).toBe(200);
  return answer.body.items.find((i: { sku: number }) => i.sku === sku)?.price;
};

describe('when Kafka stops while the cart runs', () => {
  it('keeps answering GETs, drops the cache, and serves prices from products', {
    timeout: 240_000,
  }, async () => {
    const sku = await stockedProduct(api, 7_200_001, 100, 60);
    expect((await cart.add(81, sku, 1)).status).toBe(200);
    expect(await priceIn(81, sku)).toBe(60);

    await broker.stop();
    // Every GET while the consumer notices is answered, from the cache or from products.
    await until(async () => (await priceIn(81, sku)) === 60 && (await cacheLive()) === 0, 120_000);
    await api.updateProduct(sku, { price: 61 });
    expect(await priceIn(81, sku)).toBe(61);

    await broker.start();
    await until(async () => (await cacheLive()) === 1, 120_000);
    await api.updateProduct(sku, { price: 62 });
    await until(async () => (await priceIn(81, sku)) === 62, 10_000);
  });
});
