import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/create-user.ts';
import { forgetEndedSignInWindows } from '../../src/app/forget-ended-sign-in-windows.ts';
import { signIn } from '../../src/app/sign-in.ts';
import { updateUser } from '../../src/app/update-user.ts';
import {
  AccountNotActiveError,
  InvalidCredentialsError,
  TooManySignInFailuresError,
} from '../../src/domain/errors.ts';
import { createScryptPasswordHasher } from '../../src/infra/scrypt-password-hasher.ts';
import { createUsersTestDb, type UsersTestDb } from '../support/users-test-db.ts';

let t: UsersTestDb;
let serial = 0;

beforeAll(async () => {
  t = await createUsersTestDb();
});
afterAll(() => t?.close());

async function newUser() {
  serial += 1;
  const credentials = { email: `app${serial}@example.com`, password: `password-${serial}` };
  const user = await createUser(t.deps, { ...credentials, name: `App ${serial}` });
  return { ...credentials, user };
}

const wrong = (email: string) => signIn(t.deps, { email, password: 'not-the-password' });

describe('signIn', () => {
  it('issues a token the service verifies as the user', async () => {
    const { email, password, user } = await newUser();
    const { token, expiresInSeconds } = await signIn(t.deps, { email, password });
    expect(expiresInSeconds).toBe(3600);
    expect(await t.deps.tokens.verify(token, t.clock.now())).toEqual({ userId: user.id, role: 'customer' });
  });

  it('does not count a successful sign-in as a failure', async () => {
    const { email, password } = await newUser();
    for (let i = 0; i < 4; i++) await expect(wrong(email)).rejects.toThrow(InvalidCredentialsError);
    await signIn(t.deps, { email, password });
    await expect(wrong(email)).rejects.toThrow(InvalidCredentialsError);
    await expect(signIn(t.deps, { email, password })).rejects.toThrow(TooManySignInFailuresError);
  });

  it('counts down Retry-After and lets sign-ins through once the window has ended', async () => {
    const { email, password } = await newUser();
    for (let i = 0; i < 5; i++) await expect(wrong(email)).rejects.toThrow(InvalidCredentialsError);
    t.advance(20_000);
    await expect(signIn(t.deps, { email, password })).rejects.toMatchObject({ retryAfterSeconds: 40 });
    t.advance(40_000);
    await expect(signIn(t.deps, { email, password })).resolves.toMatchObject({ expiresInSeconds: 3600 });
  });

  it('counts failures of unknown emails by email, ignoring case', async () => {
    const email = `Nobody${serial++}@Example.com`;
    for (let i = 0; i < 5; i++) await expect(wrong(email)).rejects.toThrow(InvalidCredentialsError);
    await expect(wrong(email.toLowerCase())).rejects.toThrow(TooManySignInFailuresError);
  });

  it('refuses a suspended user who knows the password, counting it under its reason', async () => {
    const { email, password, user } = await newUser();
    await updateUser(t.deps, user.id, { status: 'suspended' }, ['status']);
    const counted = t.failures.length;
    await expect(signIn(t.deps, { email, password })).rejects.toThrow(new AccountNotActiveError('suspended'));
    expect(t.failures.slice(counted)).toEqual(['suspended']);
  });

  it('rehashes a password stored with weaker parameters on a successful sign-in', async () => {
    const { email, password } = await newUser();
    const stronger = { ...t.deps, passwords: createScryptPasswordHasher({ ln: 11, r: 8, p: 1 }) };
    await signIn(stronger, { email, password });
    const stored = await t.deps.repos.users.findByEmail(email);
    expect(stored?.passwordHash).toMatch(/^scrypt\$ln=11,r=8,p=1\$/);
    await expect(signIn(t.deps, { email, password })).resolves.toBeDefined();
  });

  it('forgets failure windows once they have ended, and only those', async () => {
    const { email } = await newUser();
    await expect(wrong(email)).rejects.toThrow(InvalidCredentialsError);
    t.advance(30_000);
    const fresh = (await newUser()).email;
    await expect(wrong(fresh)).rejects.toThrow(InvalidCredentialsError);
    t.advance(30_000);
    expect(await forgetEndedSignInWindows(t.deps)).toBeGreaterThanOrEqual(1);
    const left = await t.db.selectFrom('sign_in_failures').select('email').execute();
    expect(left.map((r) => r.email)).toContain(fresh);
    expect(left.map((r) => r.email)).not.toContain(email);
  });
});
