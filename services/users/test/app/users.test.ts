import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/create-user.ts';
import { deleteUser } from '../../src/app/delete-user.ts';
import { getUser } from '../../src/app/get-user.ts';
import { listUsers } from '../../src/app/list-users.ts';
import { AdminEmailTakenError, seedAdmin } from '../../src/app/seed-admin.ts';
import { updateUser } from '../../src/app/update-user.ts';
import { EmailTakenError, UserNotFoundError } from '../../src/domain/errors.ts';
import { createUsersTestDb, type UsersTestDb } from '../support/users-test-db.ts';

let t: UsersTestDb;

beforeAll(async () => {
  t = await createUsersTestDb();
});
afterAll(() => t?.close());

describe('users', () => {
  it('stores only a salted scrypt hash of the password', async () => {
    const a = await createUser(t.deps, { email: 'hash-a@example.com', name: 'A', password: 'same-password' });
    const b = await createUser(t.deps, { email: 'hash-b@example.com', name: 'B', password: 'same-password' });
    const rows = await t.db
      .selectFrom('users')
      .select(['id', 'password_hash'])
      .where('id', 'in', [a.id, b.id])
      .execute();
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      expect(row.password_hash).not.toContain('same-password');
    }
    expect(rows[0]!.password_hash).not.toBe(rows[1]!.password_hash);
  });

  it('lets exactly one of many concurrent registrations of one email (in any case) through', async () => {
    const emails = Array.from({ length: 10 }, (_, i) => (i % 2 ? 'Race@Example.com' : 'race@example.COM'));
    const results = await Promise.allSettled(
      emails.map((email) => createUser(t.deps, { email, name: 'Racer', password: 'race-password' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(EmailTakenError);
  });

  it('frees the email of a deleted user, and hides the user', async () => {
    const user = await createUser(t.deps, {
      email: 'gone@example.com',
      name: 'Gone',
      password: 'gone-password',
    });
    await deleteUser(t.deps, user.id);
    await expect(getUser(t.deps, user.id)).rejects.toThrow(new UserNotFoundError(user.id));
    await expect(updateUser(t.deps, user.id, { name: 'x' }, ['name'])).rejects.toThrow(UserNotFoundError);
    await expect(deleteUser(t.deps, user.id)).rejects.toThrow(UserNotFoundError);
    const again = await createUser(t.deps, {
      email: 'GONE@example.com',
      name: 'Back',
      password: 'back-password',
    });
    expect(again.id).not.toBe(user.id);
    const listed = await listUsers(t.deps, { search: 'gone@' }, { page: 1, pageSize: 10 });
    expect(listed.users.map((u) => u.id)).toEqual([again.id]);
  });

  it('refuses to change an email to another live user’s', async () => {
    const a = await createUser(t.deps, {
      email: 'mine@example.com',
      name: 'Mine',
      password: 'mine-password',
    });
    await createUser(t.deps, { email: 'yours@example.com', name: 'Yours', password: 'your-password' });
    await expect(updateUser(t.deps, a.id, { email: 'YOURS@example.com' }, ['email'])).rejects.toThrow(
      EmailTakenError,
    );
    expect((await getUser(t.deps, a.id)).email).toBe('mine@example.com');
  });

  it('lists newest first, ties broken by id', async () => {
    const made = [];
    for (let i = 0; i < 3; i++)
      made.push(
        await createUser(t.deps, { email: `tie${i}@example.com`, name: 'Tie', password: 'tie-password' }),
      );
    const page = await listUsers(t.deps, { search: 'tie' }, { page: 0, pageSize: 0 });
    expect(page.users.map((u) => u.id)).toEqual(made.map((u) => u.id).reverse());
    expect(page).toMatchObject({ total: 3n, page: 1, pageSize: 20, totalPages: 1 });
  });
});

describe('seedAdmin', () => {
  const admin = { email: 'first-admin@example.com', name: 'Admin', password: 'first-admin-password' };

  it('creates the admin once; running again changes nothing', async () => {
    const first = await seedAdmin(t.deps, admin);
    expect(first.kind).toBe('created');
    expect(first.user).toMatchObject({ role: 'admin', status: 'active' });
    const second = await seedAdmin(t.deps, {
      ...admin,
      email: admin.email.toUpperCase(),
      password: 'other-password',
    });
    expect(second).toEqual({ kind: 'exists', user: first.user });
  });

  it('creates one admin when two seeds run at once', async () => {
    const both = await Promise.all([
      seedAdmin(t.deps, { ...admin, email: 'twin@example.com' }),
      seedAdmin(t.deps, { ...admin, email: 'twin@example.com' }),
    ]);
    expect(both.map((o) => o.kind).sort()).toEqual(['created', 'exists']);
    expect(both[0].user.id).toBe(both[1].user.id);
  });

  it('never promotes a user who registered the admin email first', async () => {
    await createUser(t.deps, { email: 'squatter@example.com', name: 'Squatter', password: 'squat-password' });
    await expect(seedAdmin(t.deps, { ...admin, email: 'squatter@example.com' })).rejects.toThrow(
      AdminEmailTakenError,
    );
  });
});
