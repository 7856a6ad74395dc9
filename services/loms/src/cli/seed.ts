import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createLogger, parseJson, withMigratedDatabase } from '@marketplace/platform';
import { seedStocks } from '../app/seed-stocks.ts';
import { readLomsConfig } from '../config.ts';
import { LOMS_MIGRATIONS } from '../infra/migrations.ts';
import type { LomsDatabase } from '../infra/schema.ts';
import { createPostgresStore } from '../infra/store.ts';
import { readStockFixture } from './stock-fixture.ts';

/** Loads the stock fixture (STOCK_SEED_FILE, default fixtures/stock-data.json) into LOMS. */
const log = createLogger('loms:seed');
const file =
  process.env.STOCK_SEED_FILE ?? new URL('../../../../fixtures/stock-data.json', import.meta.url).pathname;
const { database, events } = readLomsConfig();
await withMigratedDatabase<LomsDatabase, void>(database.url, LOMS_MIGRATIONS, async (db) => {
  const rows = parseJson(await readFile(file, 'utf8'));
  if (!Array.isArray(rows)) throw new Error(`${file}: expected a JSON array of stock rows`);
  const deps = {
    store: createPostgresStore(db, { orderEventsTopic: events.topic }),
    clock: { now: () => new Date() },
    newEventId: randomUUID,
    metrics: { committed: () => {}, storedUnchecked: () => {} },
  };
  const { stocks, rejected } = readStockFixture(rows);
  for (const { row, sku, reason } of rejected)
    log.warn({ row, sku }, `rejected stock row for sku ${sku}: ${reason}`);
  const report = await seedStocks(deps, stocks);
  log.info({ file, inserted: report.inserted, kept: report.kept, rejected: rejected.length }, 'stock seeded');
});
