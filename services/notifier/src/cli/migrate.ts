import { createLogger, ensureDatabase, migrateDatabase } from '@marketplace/platform';
import { readNotifierConfig } from '../config.ts';
import { NOTIFIER_MIGRATIONS } from '../infra/migrations.ts';

const log = createLogger('notifier:migrate');
const { database } = readNotifierConfig();
await ensureDatabase(database.url);
const { applied } = await migrateDatabase(database.url, NOTIFIER_MIGRATIONS);
log.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date');
