import { readFile } from 'node:fs/promises';
import { createLogger, parseJson, withMigratedDatabase } from '@marketplace/platform';
import { seedCatalog } from '../app/seed-catalog.ts';
import { readProductsConfig } from '../config.ts';
import { PRODUCTS_MIGRATIONS } from '../infra/migrations.ts';
import type { ProductsDatabase } from '../infra/schema.ts';
import { createPostgresStore } from '../infra/store.ts';

/** Loads the catalogue fixture (CATALOG_SEED_FILE, default fixtures/catalog.json) into products. */
const log = createLogger('products:seed');
const file =
  process.env.CATALOG_SEED_FILE ?? new URL('../../../../fixtures/catalog.json', import.meta.url).pathname;
const { database } = readProductsConfig();
await withMigratedDatabase<ProductsDatabase, void>(database.url, PRODUCTS_MIGRATIONS, async (db) => {
  const rows = parseJson(await readFile(file, 'utf8'));
  if (!Array.isArray(rows)) throw new Error(`${file}: expected a JSON array of products`);
  const report = await seedCatalog({ store: createPostgresStore(db) }, rows);
  for (const { row, sku, reason } of report.rejected)
    log.warn({ row, sku }, `rejected catalogue row ${row} (sku ${sku}): ${reason}`);
  log.info(
    { file, inserted: report.inserted, kept: report.kept, rejected: report.rejected.length },
    'catalogue seeded',
  );
});
