import { createLogger, ensureDatabase, migrateDatabase } from '@marketplace/platform';
import { readCartConfig } from '../config.ts';
import { CART_MIGRATIONS } from '../infra/migrations.ts';

const log = createLogger('cart:migrate');
const { database } = readCartConfig();
await ensureDatabase(database.url);
const { applied } = await migrateDatabase(database.url, CART_MIGRATIONS);
log.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date');
