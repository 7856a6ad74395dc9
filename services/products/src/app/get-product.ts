import { ProductNotFoundError } from '../domain/errors.ts';
import type { Product } from '../domain/product.ts';
import type { ProductsDeps } from './ports.ts';

/** A live product; NotFound for an unknown or deleted sku. */
export async function getProduct({ store }: Pick<ProductsDeps, 'store'>, sku: bigint): Promise<Product> {
  const product = await store.repos.products.find(sku);
  if (!product) throw new ProductNotFoundError(sku);
  return product;
}
