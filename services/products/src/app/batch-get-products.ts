import type { Product } from '../domain/product.ts';
import type { ProductsDeps } from './ports.ts';

/**
 * Live products for `skus`, in the order asked (a sku asked twice is answered once), and the
 * skus that are unknown or deleted, in the same order.
 */
export async function batchGetProducts(
  { store }: Pick<ProductsDeps, 'store'>,
  skus: readonly bigint[],
): Promise<{ products: Product[]; missing: bigint[] }> {
  const unique = [...new Set(skus)];
  if (unique.length === 0) return { products: [], missing: [] };
  const found = new Map((await store.repos.products.findMany(unique)).map((p) => [p.sku, p]));
  return {
    products: unique.flatMap((sku) => found.get(sku) ?? []),
    missing: unique.filter((sku) => !found.has(sku)),
  };
}
