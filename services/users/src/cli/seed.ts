import { createLogger, withMigratedDatabase } from '@marketplace/platform';
import { seedAdmin } from '../app/seed-admin.ts';
import { readAdminSeedConfig } from '../config.ts';
import { USERS_MIGRATIONS } from '../infra/migrations.ts';
import type { UsersDatabase } from '../infra/schema.ts';
import { createScryptPasswordHasher, DEFAULT_SCRYPT } from '../infra/scrypt-password-hasher.ts';
import { createRepositories } from '../infra/store.ts';

/**
 * `pnpm run seed-admin`: migrates the users database and creates the first admin from ADMIN_EMAIL
 * and ADMIN_PASSWORD; run again, it changes nothing.
 */
const log = createLogger('users:seed');
const { database, admin, passwordHashCost } = readAdminSeedConfig();
await withMigratedDatabase<UsersDatabase, void>(database.url, USERS_MIGRATIONS, async (db) => {
  try {
    const outcome = await seedAdmin(
      {
        repos: createRepositories(db),
        passwords: createScryptPasswordHasher({ ...DEFAULT_SCRYPT, ln: passwordHashCost }),
        clock: { now: () => new Date() },
      },
      admin,
    );
    log.info(
      { userId: outcome.user.id.toString(), email: outcome.user.email },
      outcome.kind === 'created' ? 'admin created' : 'admin exists: nothing changed',
    );
  } catch (err) {
    log.error({ err }, 'admin seed failed');
    process.exitCode = 1;
  }
});
