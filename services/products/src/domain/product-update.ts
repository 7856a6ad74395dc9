import type { Product } from './product.ts';

/** Fields an update may change; the sku is the product's identity and never changes. */
export type UpdatableField = 'name' | 'price';

const UPDATABLE: readonly UpdatableField[] = ['name', 'price'];

/** What an update writes: only the fields its mask selected. */
export type ProductChanges = Partial<Pick<Product, UpdatableField>>;

/**
 * The fields an update mask selects. No paths (or `*`) selects every field: a full replacement,
 * as PUT does. `sku` may be named (a PATCH body that repeats the sku infers it) and changes
 * nothing. Paths naming no field are returned in `unknown`.
 */
export function selectUpdateFields(paths: readonly string[]): {
  fields: UpdatableField[];
  unknown: string[];
} {
  if (paths.length === 0 || paths.includes('*')) return { fields: [...UPDATABLE], unknown: [] };
  const fields = UPDATABLE.filter((f) => paths.includes(f));
  const unknown = paths.filter((p) => p !== 'sku' && !UPDATABLE.includes(p as UpdatableField));
  return { fields, unknown: [...new Set(unknown)] };
}

/** The changes an update writes: the selected fields of `product`. */
export function productChanges(
  product: Pick<Product, UpdatableField>,
  fields: readonly UpdatableField[],
): ProductChanges {
  const changes: ProductChanges = {};
  if (fields.includes('name')) changes.name = product.name;
  if (fields.includes('price')) changes.price = product.price;
  return changes;
}
