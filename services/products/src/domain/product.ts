import { readInt64 } from '@marketplace/platform';

/** A catalogue entry. Prices are in the smallest currency unit. */
export interface Product {
  sku: bigint;
  name: string;
  price: number;
}

export const NAME_MAX_LENGTH = 255;
export const PRICE_MAX = 4_294_967_295;

/**
 * Reads one row of the catalogue fixture (fixtures/catalog.json: `{"sku", "name", "price"}`, parsed
 * with `parseJson` so skus beyond 2^53 arrive exact) into a product; returns why it is invalid
 * otherwise.
 */
export function readCatalogRow(row: unknown): { ok: true; product: Product } | { ok: false; reason: string } {
  const fields =
    row !== null && typeof row === 'object' && !Array.isArray(row) ? (row as Record<string, unknown>) : {};
  const { name, price } = fields;
  const sku = readInt64(fields.sku);
  if (sku === undefined || sku <= 0n) return { ok: false, reason: 'sku must be a positive integer' };
  if (typeof name !== 'string' || !validName(name))
    return { ok: false, reason: `name must be 1..${NAME_MAX_LENGTH} characters` };
  if (typeof price !== 'number' || !Number.isInteger(price) || price <= 0 || price > PRICE_MAX)
    return { ok: false, reason: `price must be an integer in 1..${PRICE_MAX}` };
  return { ok: true, product: { sku, name, price } };
}

/** Length in characters (code points), as PostgreSQL's char_length counts. */
export function validName(name: string): boolean {
  const length = [...name].length;
  return length >= 1 && length <= NAME_MAX_LENGTH;
}
