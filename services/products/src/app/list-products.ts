import type { Product } from '../domain/product.ts';
import type { ProductsDeps } from './ports.ts';

export interface ProductPage {
  products: Product[];
  /** The cursor of the next page; 0 when this page is the last. */
  nextStartAfterSku: bigint;
}

/**
 * A keyset page of live products by sku ascending, after `startAfterSku`. One extra row is read
 * to know whether another page follows, so the last page never points at an empty one.
 */
export async function listProducts(
  { store }: Pick<ProductsDeps, 'store'>,
  startAfterSku: bigint,
  count: number,
): Promise<ProductPage> {
  const rows = await store.repos.products.listAfter(startAfterSku, count + 1);
  const products = rows.slice(0, count);
  const more = rows.length > count;
  return { products, nextStartAfterSku: more ? products[products.length - 1]!.sku : 0n };
}
