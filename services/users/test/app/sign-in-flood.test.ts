import { createConcurrencyGate } from '@marketplace/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/create-user.ts';
import type { PasswordHasher } from '../../src/app/ports.ts';
import { signIn } from '../../src/app/sign-in.ts';
import { InvalidCredentialsError, PasswordHashingBusyError } from '../../src/domain/errors.ts';
import { createGatedPasswordHasher } from '../../src/infra/gated-password-hasher.ts';
import { createScryptPasswordHasher, DEFAULT_SCRYPT } from '../../src/infra/scrypt-password-hasher.ts';
import { createUsersTestDb, type UsersTestDb } from '../support/users-test-db.ts';

/** Production's hashing (N = 2^15, 32 MiB), counting the hashes running at once. */
function countingScrypt() {
  const inner = createScryptPasswordHasher(DEFAULT_SCRYPT);
  const seen = { now: 0, most: 0, total: 0 };
  const counted =
    <A extends unknown[], T>(work: (...args: A) => Promise<T>) =>
    async (...args: A) => {
      seen.now++;
      seen.total++;
      seen.most = Math.max(seen.most, seen.now);
      try {
        return await work(...args);
      } finally {
        seen.now--;
      }
    };
  const hasher: PasswordHasher = { hash: counted(inner.hash), verify: counted(inner.verify) };
  return { hasher, seen };
}

const LIMITS = { maxRunning: 2, maxWaiting: 16, maxWaitMs: 1000 };
const FLOOD = 128;

let t: UsersTestDb;
beforeAll(async () => {
  t = await createUsersTestDb();
});
afterAll(() => t?.close());

describe('sign-in under a flood of wrong passwords', () => {
  it('refuses the overflow fast, never hashes more than the limit at once, and lets a valid sign-in through', async () => {
    const { hasher, seen } = countingScrypt();
    const gated = createGatedPasswordHasher(hasher, createConcurrencyGate(LIMITS));
    // How long each refused check took, from reaching the hasher to its refusal, and why refused.
    const refused: Array<{ ms: number; why: string }> = [];
    const passwords: PasswordHasher = {
      hash: gated.hash,
      async verify(password, stored) {
        const asked = performance.now();
        try {
          return await gated.verify(password, stored);
        } catch (err) {
          if (err instanceof PasswordHashingBusyError)
            refused.push({ ms: performance.now() - asked, why: err.why });
          throw err;
        }
      },
    };
    const deps = { ...t.deps, passwords };
    const ann = { email: 'ann.flood@example.com', password: 'correct horse battery' };
    await createUser(deps, { ...ann, name: 'Ann' });
    // One sign-in alone, the yardstick of this (possibly loaded) machine.
    const solo = performance.now();
    await signIn(deps, ann);
    const soloMs = performance.now() - solo;
    seen.most = 0;

    const started = performance.now();
    const flood = Array.from({ length: FLOOD }, (_, i) =>
      signIn(deps, { email: `probe${i}@example.com`, password: 'wrongpassword' }).then(
        () => ({ error: undefined, ms: performance.now() - started }),
        (error: unknown) => ({ error, ms: performance.now() - started }),
      ),
    );
    // Issued during the flood: a client that is refused retries at once, until it gets a token.
    const valid = (async () => {
      let refusals = 0;
      for (;;) {
        try {
          await signIn(deps, ann);
          return { ms: performance.now() - started, refusals };
        } catch (err) {
          if (!(err instanceof PasswordHashingBusyError)) throw err;
          refusals++;
        }
      }
    })();
    const answers = await Promise.all(flood);
    const { ms: validMs } = await valid;

    const busy = answers.filter((a) => a.error instanceof PasswordHashingBusyError);
    const wrong = answers.filter((a) => a.error instanceof InvalidCredentialsError);
    expect(busy.length + wrong.length).toBe(FLOOD);
    expect(busy.length).toBeGreaterThanOrEqual(FLOOD - LIMITS.maxRunning - LIMITS.maxWaiting);
    expect(wrong.length).toBeGreaterThanOrEqual(LIMITS.maxRunning);
    // Beyond the queue a check is refused without waiting; one that waited, after at most its wait.
    const overflow = FLOOD - LIMITS.maxRunning - LIMITS.maxWaiting;
    expect(refused.filter((r) => r.why === 'queue full').length).toBeGreaterThanOrEqual(overflow);
    expect(Math.max(...refused.map((r) => r.ms))).toBeLessThan(LIMITS.maxWaitMs + 1000);
    expect(seen.most).toBe(LIMITS.maxRunning);
    // Ahead of it at most the gate's running and waiting hashes (9 rounds), not the whole flood.
    expect(validMs).toBeLessThan(Math.max(5000, 12 * soloMs));
    // A refused attempt checked nothing: it is not counted against the email.
    expect(t.failures.filter((r) => r === 'unknown_or_wrong')).toHaveLength(wrong.length);
  }, 30_000);
});
