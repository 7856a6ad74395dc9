import { createLogger, ensureDatabase, migrateDatabase } from '@marketplace/platform';
import { readProductsConfig } from '../config.ts';
import { PRODUCTS_MIGRATIONS } from '../infra/migrations.ts';

const log = createLogger('products:migrate');
const { database } = readProductsConfig();
await ensureDatabase(database.url);
const { applied } = await migrateDatabase(database.url, PRODUCTS_MIGRATIONS);
log.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date');
