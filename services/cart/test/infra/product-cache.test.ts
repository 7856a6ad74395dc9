import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../src/domain/cart.ts';
import { createCachedProductCatalog } from '../../src/infra/cached-product-catalog.ts';
import { createProductCache, type ProductCache } from '../../src/infra/product-cache.ts';
import { parseProductChange } from '../../src/infra/product-events-consumer.ts';

const product = (sku: number, price = sku): Product => ({ sku: BigInt(sku), name: `product ${sku}`, price });

function liveCache(options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {}) {
  const registry = new Registry();
  const cache = createProductCache({ maxEntries: 3, ttlMs: 60_000, registry, ...options });
  cache.setLive(true);
  return { cache, registry };
}

function fillNow(cache: ProductCache, products: Product[]) {
  cache.fill(products, cache.beginLookup());
}

async function metric(registry: Registry, name: string, labels: Record<string, string> = {}) {
  const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return values
    .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    .reduce((sum, v) => sum + v.value, 0);
}

describe('product cache', () => {
  it('keeps at most maxEntries, evicting the least recently used', async () => {
    const { cache, registry } = liveCache();
    fillNow(cache, [product(1), product(2), product(3)]);
    cache.getMany([1n]); // 2 is now the least recently used
    fillNow(cache, [product(4)]);
    expect(cache.size).toBe(3);
    expect([...cache.getMany([1n, 2n, 3n, 4n]).keys()]).toEqual([1n, 3n, 4n]);
    expect(await metric(registry, 'cart_product_cache_evictions_total', { reason: 'lru' })).toBe(1);
    expect(await metric(registry, 'cart_product_cache_hits_total')).toBe(4);
    expect(await metric(registry, 'cart_product_cache_misses_total')).toBe(1);
  });

  it('serves an entry no longer than its TTL', () => {
    let clock = 0;
    const { cache } = liveCache({ ttlMs: 1_000, now: () => clock });
    fillNow(cache, [product(1)]);
    clock = 999;
    expect(cache.getMany([1n]).size).toBe(1);
    clock = 1_000;
    expect(cache.getMany([1n]).size).toBe(0);
    expect(cache.size).toBe(0);
  });

  it('refreshes a cached product from its change event and evicts a deleted one', async () => {
    const { cache, registry } = liveCache();
    fillNow(cache, [product(1), product(2)]);
    cache.apply({ product: product(1, 500), deleted: false, momentMs: Date.now() });
    cache.apply({ product: product(2), deleted: true, momentMs: Date.now() });
    cache.apply({ product: product(3), deleted: false, momentMs: Date.now() }); // not asked for: not cached
    expect(cache.getMany([1n, 2n, 3n])).toEqual(new Map([[1n, product(1, 500)]]));
    expect(await metric(registry, 'cart_product_cache_evictions_total', { reason: 'event' })).toBe(1);
    expect(await metric(registry, 'cart_product_cache_staleness_seconds')).toBeGreaterThan(0);
  });

  it('does not let a lookup begun before a change put back what the change replaced', () => {
    const { cache } = liveCache();
    const ticket = cache.beginLookup();
    cache.apply({ product: product(1), deleted: true, momentMs: Date.now() });
    cache.fill([product(1), product(2)], ticket);
    expect([...cache.getMany([1n, 2n]).keys()]).toEqual([2n]);
  });

  it('does not store a lookup begun before the events arrived', () => {
    const cache = createProductCache({ maxEntries: 3, ttlMs: 60_000, registry: new Registry() });
    const ticket = cache.beginLookup();
    cache.setLive(true);
    cache.fill([product(1)], ticket);
    expect(cache.getMany([1n]).size).toBe(0);
    fillNow(cache, [product(1)]);
    expect(cache.getMany([1n]).size).toBe(1);
  });

  it('holds nothing while the event stream is not live, and empties when it is lost', () => {
    const { cache } = liveCache();
    fillNow(cache, [product(1)]);
    const ticket = cache.beginLookup();
    cache.setLive(false);
    expect(cache.size).toBe(0);
    cache.setLive(true);
    cache.fill([product(2)], ticket); // begun before the stream was lost
    fillNow(cache, [product(3)]);
    expect([...cache.getMany([1n, 2n, 3n]).keys()]).toEqual([3n]);
  });
});

describe('cached product catalogue', () => {
  it('asks products only for what the cache misses, and never caches an unknown sku', async () => {
    const { cache } = liveCache({ maxEntries: 10 });
    const asked: bigint[][] = [];
    const catalog = createCachedProductCatalog(
      {
        async getProducts(skus) {
          asked.push([...skus]);
          return new Map(skus.filter((sku) => sku !== 9n).map((sku) => [sku, product(Number(sku))]));
        },
      },
      cache,
    );
    const signal = new AbortController().signal;
    expect([...(await catalog.getProducts([1n, 2n, 9n], signal)).keys()].sort()).toEqual([1n, 2n]);
    expect([...(await catalog.getProducts([1n, 2n, 9n], signal)).keys()].sort()).toEqual([1n, 2n]);
    expect(asked).toEqual([[1n, 2n, 9n], [9n]]);
  });
});

describe('product change events', () => {
  it('reads the sku exactly, beyond 2^53', () => {
    const change = parseProductChange(
      '{"sku":"9223372036854775807","name":"n","price":4294967295,"deleted":false,"moment":"2026-11-21T10:00:00.123456Z"}',
    );
    expect(change.product).toEqual({ sku: 9223372036854775807n, name: 'n', price: 4294967295 });
    expect(change).toMatchObject({ deleted: false, momentMs: Date.parse('2026-11-21T10:00:00.123Z') });
  });
});
