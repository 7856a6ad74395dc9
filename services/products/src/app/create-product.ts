import { ProductExistsError } from '../domain/errors.ts';
import type { Product } from '../domain/product.ts';
import type { ProductsDeps } from './ports.ts';

/** Adds a product; AlreadyExists when its sku is taken, also by a deleted product. */
export async function createProduct(
  { store }: Pick<ProductsDeps, 'store'>,
  product: Product,
): Promise<Product> {
  if (!(await store.repos.products.insert(product))) throw new ProductExistsError(product.sku);
  return product;
}
