import { type CatalogRow, invalidCatalogRow } from '../domain/product.ts';
import type { ProductsDeps } from './ports.ts';

export interface SeedReport {
  inserted: number;
  kept: number;
  rejected: Array<{ row: number; sku: unknown; reason: string }>;
}

/**
 * Loads catalogue rows whose sku is not taken yet (so seeding twice keeps edits and deletions),
 * rejecting invalid rows by position and sku and loading the rest.
 */
export async function seedCatalog(
  { store }: Pick<ProductsDeps, 'store'>,
  rows: ReadonlyArray<Partial<CatalogRow>>,
): Promise<SeedReport> {
  const rejected: SeedReport['rejected'] = [];
  const valid = rows.flatMap((row, index) => {
    const reason = invalidCatalogRow(row);
    if (reason) {
      rejected.push({ row: index, sku: row.sku, reason });
      return [];
    }
    const { sku, name, price } = row as CatalogRow;
    return [{ sku: BigInt(sku), name, price }];
  });
  const inserted = await store.repos.products.insertMissing(valid);
  return { inserted, kept: valid.length - inserted, rejected };
}
