import type { ProductCatalog } from '../app/ports.ts';
import type { Product } from '../domain/cart.ts';
import type { ProductCache } from './product-cache.ts';

/**
 * The catalogue read through `cache`: cached products are served from it, the rest asked of
 * `catalog` (the batched, rate-limited client) in one call and remembered. An unknown or deleted
 * sku is never cached, so it is asked again each time, and answered absent as before.
 */
export function createCachedProductCatalog(catalog: ProductCatalog, cache: ProductCache): ProductCatalog {
  return {
    async getProducts(skus, signal) {
      const found = cache.getMany(skus);
      const missing = skus.filter((sku) => !found.has(sku));
      if (missing.length === 0) return found;
      const ticket = cache.beginLookup();
      let fetched: Map<bigint, Product> | undefined;
      try {
        fetched = await catalog.getProducts(missing, signal);
      } finally {
        cache.fill(fetched?.values() ?? [], ticket);
      }
      for (const [sku, product] of fetched) found.set(sku, product);
      return found;
    },
  };
}
