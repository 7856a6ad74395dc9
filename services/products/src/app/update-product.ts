import { ProductNotFoundError } from '../domain/errors.ts';
import type { Product } from '../domain/product.ts';
import type { ProductChanges } from '../domain/product-update.ts';
import type { ProductsDeps } from './ports.ts';

/** Writes the changed fields of a live product in one statement and returns the result. */
export async function updateProduct(
  { store }: Pick<ProductsDeps, 'store'>,
  sku: bigint,
  changes: ProductChanges,
): Promise<Product> {
  const product = await store.repos.products.update(sku, changes);
  if (!product) throw new ProductNotFoundError(sku);
  return product;
}
