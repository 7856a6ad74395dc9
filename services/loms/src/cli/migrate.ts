import { createLogger, ensureDatabase, migrateDatabase } from '@marketplace/platform';
import { readLomsConfig } from '../config.ts';
import { LOMS_MIGRATIONS } from '../infra/migrations.ts';

const log = createLogger('loms:migrate');
const { database } = readLomsConfig();
await ensureDatabase(database.url);
const { applied } = await migrateDatabase(database.url, LOMS_MIGRATIONS);
log.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date');
