import { createLogger, ensureDatabase, migrateDatabase } from '@marketplace/platform';
import { readUsersDatabaseConfig } from '../config.ts';
import { USERS_MIGRATIONS } from '../infra/migrations.ts';

const log = createLogger('users:migrate');
const { url } = readUsersDatabaseConfig();
await ensureDatabase(url);
const { applied } = await migrateDatabase(url, USERS_MIGRATIONS);
log.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date');
