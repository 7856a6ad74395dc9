import { createDatabase } from '@marketplace/platform';
import { createTestDatabase } from '@marketplace/testkit';
import type { SignInFailureReason, UsersDeps } from '../../src/app/ports.ts';
import { createJwtAccessTokens } from '../../src/infra/jwt-access-tokens.ts';
import { USERS_MIGRATIONS } from '../../src/infra/migrations.ts';
import type { UsersDatabase } from '../../src/infra/schema.ts';
import { createScryptPasswordHasher } from '../../src/infra/scrypt-password-hasher.ts';
import { buildKeyRing, generateSigningKey } from '../../src/infra/signing-keys.ts';
import { createRepositories } from '../../src/infra/store.ts';

/** Cheap hashing for tests (N = 2^10): the format and the checks are the same as in production. */
export const TEST_HASHING = { ln: 10, r: 8, p: 1 };

/** A migrated throwaway users database with the use cases' dependencies wired to it and a settable clock. */
export async function createUsersTestDb() {
  const testDb = await createTestDatabase('users', USERS_MIGRATIONS);
  const database = createDatabase<UsersDatabase>({ url: testDb.url, maxConnections: 20 });
  const clock = { current: new Date('2026-11-21T10:00:00.000Z'), now: () => clock.current };
  const failures: SignInFailureReason[] = [];
  const deps: UsersDeps = {
    repos: createRepositories(database.db),
    passwords: createScryptPasswordHasher(TEST_HASHING),
    tokens: createJwtAccessTokens(buildKeyRing(generateSigningKey(), []), {
      issuer: 'test',
      ttlSeconds: 3600,
    }),
    clock,
    signInLimit: { maxFailures: 5, windowMs: 60_000 },
    metrics: { failed: (reason) => failures.push(reason) },
  };
  return {
    url: testDb.url,
    db: database.db,
    deps,
    clock,
    /** Sign-in failures counted so far, by reason, in order. */
    failures,
    /** Moves the clock on by `ms`. */
    advance(ms: number) {
      clock.current = new Date(clock.current.getTime() + ms);
    },
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

export type UsersTestDb = Awaited<ReturnType<typeof createUsersTestDb>>;
