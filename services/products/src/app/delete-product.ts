import { ProductNotFoundError } from '../domain/errors.ts';
import type { ProductsDeps } from './ports.ts';

/** Soft-deletes a product: it is NotFound from then on, and its sku is never reused. */
export async function deleteProduct({ store }: Pick<ProductsDeps, 'store'>, sku: bigint): Promise<void> {
  if (!(await store.repos.products.softDelete(sku))) throw new ProductNotFoundError(sku);
}
