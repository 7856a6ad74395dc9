import type { JsonObject } from '@bufbuild/protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Codes, expectError, okJson } from '../support/expect-error.ts';
import { ADMIN, startTestUsers, type TestUsers } from '../support/test-users.ts';
import { bearer, type CallResult, usersTransports } from '../support/users-transports.ts';

let t: TestUsers;
let adminToken: string;
/** Every answer of the suite, checked at the end for passwords. */
const answers: CallResult[] = [];
const passwords = new Set<string>([ADMIN.password]);

beforeAll(async () => {
  t = await startTestUsers();
  adminToken = await t.token(ADMIN.email, ADMIN.password);
});
afterAll(() => t?.stop());

const RFC3339_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3,9}Z$/;

describe.each(usersTransports(() => t).map((api, index) => ({ ...api, index })))(
  'users contract over $name',
  (transport) => {
    let serial = 0;
    /** A fresh identity for each test: emails and names unique across transports and tests. */
    const fresh = (label = 'user') => {
      serial += 1;
      const tag = `${label}${transport.index}x${serial}`;
      const password = `secret-${tag}-pw`;
      passwords.add(password);
      return { email: `${tag}@example.com`, name: `Name ${tag}`, password, tag };
    };
    const call: typeof transport.call = async (method, request, headers) => {
      const result = await transport.call(method, request, headers);
      answers.push(result);
      return result;
    };
    const admin = () => bearer(adminToken);

    async function register(label?: string) {
      const who = fresh(label);
      const json = okJson(
        await call('createUser', { email: who.email, name: who.name, password: who.password }),
      );
      const user = json.user as Record<string, string>;
      return { ...who, id: user.id!, user };
    }

    async function signedIn(label?: string) {
      const who = await register(label);
      const json = okJson(await call('signIn', { email: who.email, password: who.password }));
      return { ...who, token: json.accessToken as string, auth: bearer(json.accessToken as string) };
    }

    describe('CreateUser', () => {
      it('registers an active customer and answers the user without its password', async () => {
        const who = fresh();
        const json = okJson(
          await call('createUser', { email: who.email, name: who.name, password: who.password }),
        );
        expect(json.user).toEqual({
          id: expect.stringMatching(/^[1-9]\d*$/),
          email: who.email,
          name: who.name,
          status: 'active',
          role: 'customer',
          createdAt: expect.stringMatching(RFC3339_MS),
          updatedAt: expect.stringMatching(RFC3339_MS),
        });
      });

      it('refuses an email taken by another user, ignoring case, with AlreadyExists', async () => {
        const first = await register();
        const again = fresh();
        expectError(
          await call('createUser', {
            email: first.email.toUpperCase(),
            name: again.name,
            password: again.password,
          }),
          Codes.ALREADY_EXISTS,
          'a user with this email already exists',
        );
      });

      it.each([
        [{ email: 'not-an-email' }, 'invalid CreateUserRequest.email: value must be a valid email address'],
        [
          { email: `${'a'.repeat(250)}@b.co` },
          /^invalid CreateUserRequest\.email: value must be at most 254/,
        ],
        [{ name: '' }, 'invalid CreateUserRequest.name: value must be at least 1 characters'],
        [{ name: 'n'.repeat(101) }, 'invalid CreateUserRequest.name: value must be at most 100 characters'],
        [{ password: 'seven77' }, 'invalid CreateUserRequest.password: value must be at least 8 characters'],
        [
          { password: 'p'.repeat(129) },
          'invalid CreateUserRequest.password: value must be at most 128 characters',
        ],
      ])('refuses %j with InvalidArgument naming the field', async (change, message) => {
        const who = fresh();
        const request = { email: who.email, name: who.name, password: who.password, ...change };
        expectError(await call('createUser', request), Codes.INVALID_ARGUMENT, message);
      });

      it('accepts a name of 100 and a password of 8 and of 128 characters', async () => {
        for (const password of ['12345678', 'p'.repeat(128)]) {
          const who = fresh();
          passwords.add(password);
          const result = await call('createUser', { email: who.email, name: 'n'.repeat(100), password });
          expect(result.ok, JSON.stringify(result)).toBe(true);
        }
      });
    });

    describe('GetUser', () => {
      it('answers a user their own account', async () => {
        const me = await signedIn();
        const json = okJson(await call('getUser', { id: me.id }, me.auth));
        expect(json.user).toEqual(me.user);
      });

      it("refuses another user's account with PermissionDenied, and an admin may read it", async () => {
        const me = await signedIn();
        const other = await register();
        expectError(
          await call('getUser', { id: other.id }, me.auth),
          Codes.PERMISSION_DENIED,
          /permission denied/,
        );
        expect(okJson(await call('getUser', { id: other.id }, admin())).user).toEqual(other.user);
      });

      it('needs an access token: Unauthenticated without one', async () => {
        const other = await register();
        expectError(await call('getUser', { id: other.id }), Codes.UNAUTHENTICATED, /missing access token/);
      });

      it('answers NotFound for an unknown id, exact over the whole int64 range', async () => {
        for (const id of ['9007199254740993', '9223372036854775807'])
          expectError(await call('getUser', { id }, admin()), Codes.NOT_FOUND, `user ${id} not found`);
      });
    });

    describe('ListUsers', () => {
      async function registerMany(tag: string, count: number) {
        const made = [];
        for (let i = 0; i < count; i++) made.push(await register(`${tag}m${i}`));
        return made;
      }

      it('pages the matching users newest first with the totals of every page', async () => {
        const tag = `page${transport.index}`;
        const made = await registerMany(tag, 5);
        const newestFirst = made.map((u) => u.id).reverse();
        const page = async (n: number) =>
          okJson(await call('listUsers', { page: n, page_size: 2, search: tag }, admin()));
        const first = await page(1);
        expect(first).toMatchObject({ total: '5', page: 1, pageSize: 2, totalPages: 3 });
        const ids = [first, await page(2), await page(3)].flatMap((p) =>
          (p.users as Array<{ id: string }>).map((u) => u.id),
        );
        expect(ids).toEqual(newestFirst);
        expect(await page(4)).toEqual({ users: [], total: '5', page: 4, pageSize: 2, totalPages: 3 });
      });

      it('uses page 1 and 20 users a page by default', async () => {
        const tag = `dflt${transport.index}`;
        await registerMany(tag, 1);
        const json = okJson(await call('listUsers', { search: tag }, admin()));
        expect(json).toMatchObject({ total: '1', page: 1, pageSize: 20, totalPages: 1 });
      });

      it('searches names and emails, ignoring case, with LIKE wildcards taken literally', async () => {
        const [user] = await registerMany(`srch${transport.index}`, 1);
        const byName = okJson(await call('listUsers', { search: user!.name.toUpperCase() }, admin()));
        expect((byName.users as Array<{ id: string }>).map((u) => u.id)).toEqual([user!.id]);
        const byEmail = okJson(await call('listUsers', { search: user!.email.toUpperCase() }, admin()));
        expect((byEmail.users as Array<{ id: string }>).map((u) => u.id)).toEqual([user!.id]);
        const wildcard = okJson(await call('listUsers', { search: `srch${transport.index}%_` }, admin()));
        expect(wildcard.total).toBe('0');
      });

      it('filters by status', async () => {
        const tag = `stat${transport.index}`;
        const [a, b] = await registerMany(tag, 2);
        okJson(await call('updateUser', { id: b!.id, user: { status: 'suspended' } }, admin()));
        const suspended = okJson(await call('listUsers', { search: tag, status: 'suspended' }, admin()));
        expect((suspended.users as Array<{ id: string }>).map((u) => u.id)).toEqual([b!.id]);
        const active = okJson(await call('listUsers', { search: tag, status: 'active' }, admin()));
        expect((active.users as Array<{ id: string }>).map((u) => u.id)).toEqual([a!.id]);
      });

      it.each([
        [{ page_size: 101 }, 'invalid ListUsersRequest.page_size: value must be less than or equal to 100'],
        [
          { status: 'gone' },
          /^invalid ListUsersRequest\.status: value must be in list \[active, inactive, suspended\]/,
        ],
      ])('refuses %j with InvalidArgument naming the field', async (request, message) => {
        expectError(await call('listUsers', request, admin()), Codes.INVALID_ARGUMENT, message);
      });

      it('is for admins only', async () => {
        const me = await signedIn();
        expectError(
          await call('listUsers', {}, me.auth),
          Codes.PERMISSION_DENIED,
          'permission denied: ListUsers needs an admin token',
        );
        expectError(await call('listUsers', {}), Codes.UNAUTHENTICATED);
      });
    });

    describe('UpdateUser', () => {
      it('changes only the fields it sets, and updatedAt', async () => {
        const me = await signedIn();
        const json = okJson(await call('updateUser', { id: me.id, user: { name: 'Renamed' } }, me.auth));
        expect(json.user).toMatchObject({ id: me.id, email: me.email, name: 'Renamed', status: 'active' });
        expect((json.user as { updatedAt: string }).updatedAt >= me.user.updatedAt!).toBe(true);
        expect(okJson(await call('getUser', { id: me.id }, me.auth)).user).toEqual(json.user);
      });

      it('changes the password: the old one no longer signs in, the new one does', async () => {
        const me = await signedIn();
        const password = `${me.password}-new`;
        passwords.add(password);
        okJson(await call('updateUser', { id: me.id, user: { password } }, me.auth));
        expectError(await call('signIn', { email: me.email, password: me.password }), Codes.UNAUTHENTICATED);
        expect(okJson(await call('signIn', { email: me.email, password })).tokenType).toBe('Bearer');
      });

      it('refuses an email another user has, ignoring case, with AlreadyExists', async () => {
        const me = await signedIn();
        const other = await register();
        expectError(
          await call('updateUser', { id: me.id, user: { email: other.email.toUpperCase() } }, me.auth),
          Codes.ALREADY_EXISTS,
        );
      });

      it('lets only an admin change status or role', async () => {
        const me = await signedIn();
        for (const user of [
          { status: 'inactive' },
          { role: 'admin' },
          { name: 'x', role: 'admin' },
        ] as JsonObject[])
          expectError(
            await call('updateUser', { id: me.id, user }, me.auth),
            Codes.PERMISSION_DENIED,
            'permission denied: changing status or role needs an admin token',
          );
        const json = okJson(await call('updateUser', { id: me.id, user: { role: 'admin' } }, admin()));
        expect(json.user).toMatchObject({ role: 'admin' });
      });

      it("refuses another user's account with PermissionDenied", async () => {
        const me = await signedIn();
        const other = await register();
        expectError(
          await call('updateUser', { id: other.id, user: { name: 'Mine' } }, me.auth),
          Codes.PERMISSION_DENIED,
        );
      });

      it.each([
        [
          {},
          'invalid UpdateUserRequest.user: value must set at least one of name, email, status, role, password',
        ],
        [{ name: '' }, 'invalid UpdateUserRequest.user.name: value must be at least 1 characters'],
        [{ email: 'nope' }, 'invalid UpdateUserRequest.user.email: value must be a valid email address'],
        [
          { password: 'short' },
          'invalid UpdateUserRequest.user.password: value must be at least 8 characters',
        ],
      ])('refuses %j with InvalidArgument naming the field', async (user, message) => {
        const me = await signedIn();
        expectError(await call('updateUser', { id: me.id, user }, me.auth), Codes.INVALID_ARGUMENT, message);
      });

      it('refuses a status or role outside their lists', async () => {
        for (const [user, field] of [
          [{ status: 'banned' }, 'status'],
          [{ role: 'root' }, 'role'],
        ] as const)
          expectError(
            await call('updateUser', { id: '1', user }, admin()),
            Codes.INVALID_ARGUMENT,
            new RegExp(`^invalid UpdateUserRequest\\.user\\.${field}: value must be in list`),
          );
      });
    });

    describe('DeleteUser', () => {
      it('soft-deletes: NotFound afterwards, and the email can be registered again', async () => {
        const me = await signedIn();
        expect(okJson(await call('deleteUser', { id: me.id }, me.auth))).toEqual({});
        expectError(
          await call('getUser', { id: me.id }, admin()),
          Codes.NOT_FOUND,
          `user ${me.id} not found`,
        );
        expectError(await call('deleteUser', { id: me.id }, admin()), Codes.NOT_FOUND);
        expectError(await call('signIn', { email: me.email, password: me.password }), Codes.UNAUTHENTICATED);
        const again = okJson(
          await call('createUser', { email: me.email.toUpperCase(), name: me.name, password: me.password }),
        );
        expect((again.user as { id: string }).id).not.toBe(me.id);
      });

      it("refuses another user's account with PermissionDenied; an admin may delete it", async () => {
        const me = await signedIn();
        const other = await register();
        expectError(await call('deleteUser', { id: other.id }, me.auth), Codes.PERMISSION_DENIED);
        okJson(await call('deleteUser', { id: other.id }, admin()));
      });
    });

    describe('SignIn', () => {
      it('issues a bearer token that opens the user’s own account', async () => {
        const who = await register();
        const json = okJson(await call('signIn', { email: who.email.toUpperCase(), password: who.password }));
        expect(json).toEqual({
          accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
          tokenType: 'Bearer',
          expiresIn: 3600,
        });
        expect(
          okJson(await call('getUser', { id: who.id }, bearer(json.accessToken as string))).user,
        ).toEqual(who.user);
      });

      it('answers an unknown email and a wrong password alike', async () => {
        const who = await register();
        const wrong = await call('signIn', { email: who.email, password: `${who.password}!` });
        const unknown = await call('signIn', { email: `nobody-${who.email}`, password: who.password });
        expectError(wrong, Codes.UNAUTHENTICATED, 'invalid email or password');
        expectError(unknown, Codes.UNAUTHENTICATED, 'invalid email or password');
      });

      it('refuses the sixth attempt within a minute after five failures, even with the right password', async () => {
        const who = await register();
        for (let i = 0; i < 5; i++)
          expectError(
            await call('signIn', { email: who.email, password: 'wrong-password' }),
            Codes.UNAUTHENTICATED,
          );
        expectError(
          await call('signIn', { email: who.email.toUpperCase(), password: who.password }),
          Codes.RESOURCE_EXHAUSTED,
          /^too many failed sign-ins for this email, counting those still being checked; retry after \d+s$/,
        );
      });

      it('refuses a suspended or inactive user with PermissionDenied', async () => {
        for (const status of ['suspended', 'inactive']) {
          const who = await register();
          okJson(await call('updateUser', { id: who.id, user: { status } }, admin()));
          expectError(
            await call('signIn', { email: who.email, password: who.password }),
            Codes.PERMISSION_DENIED,
            `this account is ${status} and cannot sign in`,
          );
        }
      });
    });

    it('answers the JWKS with the signing key', async () => {
      const json = okJson(await call('getJwks', {}));
      const { d: _, ...publicHalf } = t.signingKey;
      expect(json.keys).toEqual([{ ...publicHalf, kid: expect.any(String), alg: 'ES256', use: 'sig' }]);
    });
  },
);

describe('passwords', () => {
  it('never appear in an answer or a log line', () => {
    expect(answers.length).toBeGreaterThan(100);
    expect(t.logLines.filter((line) => line.includes('sign-in refused')).length).toBeGreaterThan(10);
    const texts = [...answers.map((a) => JSON.stringify(a)), ...t.logLines];
    for (const password of passwords) {
      const leaks = texts.filter((text) => text.includes(password));
      expect(leaks, password).toEqual([]);
    }
  });
});
