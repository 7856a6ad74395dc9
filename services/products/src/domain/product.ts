/** A catalogue entry. Prices are in the smallest currency unit. */
export interface Product {
  sku: bigint;
  name: string;
  price: number;
}

export const NAME_MAX_LENGTH = 255;
export const PRICE_MAX = 4_294_967_295;

/** A row of the catalogue fixture (fixtures/catalog.json). */
export interface CatalogRow {
  sku: number;
  name: string;
  price: number;
}

/** Checks one seed row; returns why it is invalid, or undefined when it is fine. */
export function invalidCatalogRow(row: Partial<CatalogRow>): string | undefined {
  const { sku, name, price } = row;
  if (!Number.isSafeInteger(sku) || (sku as number) <= 0) return 'sku must be a positive integer';
  if (typeof name !== 'string' || !validName(name)) return `name must be 1..${NAME_MAX_LENGTH} characters`;
  if (!Number.isInteger(price) || (price as number) <= 0 || (price as number) > PRICE_MAX)
    return `price must be an integer in 1..${PRICE_MAX}`;
  return undefined;
}

/** Length in characters (code points), as PostgreSQL's char_length counts. */
export function validName(name: string): boolean {
  const length = [...name].length;
  return length >= 1 && length <= NAME_MAX_LENGTH;
}
