import { type Product, readCatalogRow } from '../domain/product.ts';
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
  rows: readonly unknown[],
): Promise<SeedReport> {
  const rejected: SeedReport['rejected'] = [];
  const valid: Product[] = [];
  rows.forEach((row, index) => {
    const read = readCatalogRow(row);
    if (read.ok) valid.push(read.product);
    else rejected.push({ row: index, sku: (row as { sku?: unknown } | null)?.sku, reason: read.reason });
  });
  const inserted = await store.repos.products.insertMissing(valid);
  return { inserted, kept: valid.length - inserted, rejected };
}
