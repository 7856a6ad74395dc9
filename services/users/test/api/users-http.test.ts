import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestUsers, type TestUsers } from '../support/test-users.ts';
import { bearer } from '../support/users-transports.ts';

let t: TestUsers;
let adminToken: string;
let serial = 0;

beforeAll(async () => {
  t = await startTestUsers();
  adminToken = await t.token(ADMIN.email, ADMIN.password);
});
afterAll(() => t?.stop());

const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

async function register() {
  serial += 1;
  const who = {
    email: `http${serial}@example.com`,
    name: `Http ${serial}`,
    password: `http-password-${serial}`,
  };
  const answer = await t.http('/api/v1/users', json('POST', who));
  expect(answer.status, answer.text).toBe(201);
  return { ...who, id: answer.body.id as string };
}

const signIn = (email: string, password: string) =>
  t.http('/api/v1/auth/token', json('POST', { email, password }));

describe('users over REST', () => {
  it('answers CreateUser 201 with the user itself', async () => {
    const answer = await t.http(
      '/api/v1/users',
      json('POST', { email: 'Plain@Example.com', name: 'Plain', password: 'plain-password' }),
    );
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      email: 'Plain@Example.com',
      name: 'Plain',
      role: 'customer',
      status: 'active',
    });
  });

  it('takes the field mask of a PATCH from its body: fields it leaves out keep their values', async () => {
    const who = await register();
    const token = (await signIn(who.email, who.password)).body.accessToken;
    const answer = await t.http(`/api/v1/users/${who.id}`, json('PATCH', { name: 'Patched' }, bearer(token)));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ id: who.id, name: 'Patched', email: who.email });
  });

  it('answers ListUsers with the contract’s page fields, ids and total as strings', async () => {
    const answer = await t.http('/api/v1/users?page=1&page_size=1', { headers: bearer(adminToken) });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(['page', 'pageSize', 'total', 'totalPages', 'users']);
    expect(answer.body).toMatchObject({ total: expect.stringMatching(/^\d+$/), page: 1, pageSize: 1 });
  });

  it('answers 401 with WWW-Authenticate and the error body when the token is missing', async () => {
    const answer = await t.http('/api/v1/users/1');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(answer.body).toEqual({
      code: 16,
      message: expect.stringMatching(/^missing access token/),
      details: [],
    });
  });

  it("acts with an account's current standing, not its token's: a demoted admin can't restore itself, a suspended or deleted user's token stops working", async () => {
    const patch = (id: string, token: string, body: unknown) =>
      t.http(`/api/v1/users/${id}`, json('PATCH', body, bearer(token)));
    const user = await register();
    expect((await patch(user.id, adminToken, { role: 'admin' })).status).toBe(200);
    const promotedToken = (await signIn(user.email, user.password)).body.accessToken as string;
    expect((await t.http('/api/v1/users', { headers: bearer(promotedToken) })).status).toBe(200);

    expect((await patch(user.id, adminToken, { role: 'customer' })).status).toBe(200);
    expect((await t.http('/api/v1/users', { headers: bearer(promotedToken) })).status).toBe(403);
    expect((await patch(user.id, promotedToken, { role: 'admin' })).status).toBe(403);

    expect((await patch(user.id, adminToken, { status: 'suspended' })).status).toBe(200);
    const suspended = await patch(user.id, promotedToken, { name: 'still here' });
    expect([suspended.status, suspended.body.message]).toEqual([
      401,
      `the account of this access token (user ${user.id}) is suspended`,
    ]);

    expect((await patch(user.id, adminToken, { status: 'active' })).status).toBe(200);
    expect(
      (await t.http(`/api/v1/users/${user.id}`, { method: 'DELETE', headers: bearer(adminToken) })).status,
    ).toBe(200);
    const deleted = await t.http(`/api/v1/users/${user.id}`, { headers: bearer(promotedToken) });
    expect(deleted.status).toBe(401);
  });

  it('answers a token with Cache-Control: no-store', async () => {
    const answer = await signIn(ADMIN.email, ADMIN.password);
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 429 with Retry-After after five failures, and each protocol carries it', async () => {
    const who = await register();
    for (let i = 0; i < 5; i++) expect((await signIn(who.email, 'wrong-password')).status).toBe(401);
    const limited = await signIn(who.email, who.password);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe(8);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const connect = await t.http(
      '/marketplace.users.v1.UserService/SignIn',
      json('POST', { email: who.email, password: who.password }),
    );
    expect(connect.status).toBe(429);
    expect(connect.body.code).toBe('resource_exhausted');
    expect(Number(connect.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('lets through at most five of many concurrent wrong passwords for one email', async () => {
    const who = await register();
    const answers = await Promise.all(Array.from({ length: 20 }, () => signIn(who.email, 'wrong-password')));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('holds the limit across replicas sharing the database', async () => {
    const replica = await startTestUsers({ databaseUrl: t.databaseUrl, signingKey: t.signingKey });
    try {
      const who = await register();
      const wrong = (via: TestUsers) =>
        via.http('/api/v1/auth/token', json('POST', { email: who.email, password: 'wrong-password' }));
      for (const via of [t, replica, t, replica, t]) expect((await wrong(via)).status).toBe(401);
      expect((await wrong(replica)).status).toBe(429);
    } finally {
      await replica.stop();
    }
  });

  it('serves the JWKS with which a token verifies offline, cacheable', async () => {
    const answer = await t.http('/.well-known/jwks.json');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=300');
    const token = (await signIn(ADMIN.email, ADMIN.password)).body.accessToken;
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(answer.body), {
      issuer: 'marketplace-users',
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: answer.body.keys[0].kid });
    expect(payload).toMatchObject({
      role: 'admin',
      iss: 'marketplace-users',
      sub: expect.stringMatching(/^\d+$/),
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it('describes every route in the OpenAPI document', async () => {
    const answer = await t.http('/openapi.json');
    expect(Object.keys(answer.body.paths).sort()).toEqual([
      '/.well-known/jwks.json',
      '/api/v1/auth/token',
      '/api/v1/users',
      '/api/v1/users/{id}',
    ]);
  });

  it('counts refused sign-ins by reason', async () => {
    const metric = async (reason: string) => {
      const text = (await t.http('/metrics')).text as string;
      const line = text
        .split('\n')
        .find((l) => l.startsWith(`users_sign_in_failures_total{reason="${reason}"`));
      return Number(line?.split(' ').pop());
    };
    const before = await metric('unknown_or_wrong');
    await signIn('nobody-at-all@example.com', 'whatever-password');
    expect(await metric('unknown_or_wrong')).toBe(before + 1);
    const suspended = await register();
    await t.http(`/api/v1/users/${suspended.id}`, json('PATCH', { status: 'suspended' }, bearer(adminToken)));
    const suspendedBefore = await metric('suspended');
    expect((await signIn(suspended.email, suspended.password)).status).toBe(403);
    expect(await metric('suspended')).toBe(suspendedBefore + 1);
    expect(await metric('rate_limited')).toBeGreaterThan(0);
    expect(await metric('inactive')).toBe(0);
  });
});
