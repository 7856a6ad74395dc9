import { randomUUID } from 'node:crypto';
import {
  fetchAnswer,
  type MarketplaceStack,
  STACK_ADMIN,
  sampleValue,
  startMarketplaceServices,
} from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallResult, lomsTransports } from '../support/loms-transports.ts';
import { startTestLoms, type TestLoms } from '../support/test-loms.ts';

let users: MarketplaceStack;
let t: TestLoms;
let adminToken: string;
let sku = 9000;

const PERMISSION_DENIED = 7;

beforeAll(async () => {
  users = await startMarketplaceServices({
    services: ['users'],
    env: { users: { PASSWORD_HASH_COST: '10' } },
  });
  t = await startTestLoms({
    USERS_CHECK: 'on',
    USERS_GRPC_ADDRESS: users.services.users!.grpcAddress!,
    USERS_EMAIL: STACK_ADMIN.email,
    USERS_PASSWORD: STACK_ADMIN.password,
  });
  adminToken = (await usersApi('POST', '/api/v1/auth/token', STACK_ADMIN)).accessToken;
}, 120_000);
afterAll(async () => {
  await t?.stop();
  await users?.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: the users service's JSON answers
async function usersApi(method: string, path: string, body?: object, token?: string): Promise<any> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetchAnswer(`${users.httpUrl('users')}${path}`, {
    method,
    headers,
    body: body && JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

/** A new account of the users service in `status`; its id. */
async function userIn(status: 'active' | 'inactive' | 'suspended'): Promise<string> {
  const { id } = await usersApi('POST', '/api/v1/users', {
    email: `${randomUUID()}@example.com`,
    name: 'Shopper',
    password: 'shopper-password',
  });
  if (status !== 'active') await usersApi('PATCH', `/api/v1/users/${id}`, { status }, adminToken);
  return id;
}

function expectRefused(result: CallResult, userId: string) {
  expect(result).toMatchObject({ ok: false, code: PERMISSION_DENIED });
  if (result.ok) return;
  if (result.httpStatus !== undefined) expect(result.httpStatus).toBe(403);
  expect(result.message).toBe(`user ${userId} may not place orders: the account is not active`);
}

describe.each(lomsTransports(() => t))('OrderCreate with the users check over $name', (api) => {
  async function stocked() {
    const s = String(++sku);
    expect(await api.call('stockSet', { sku: s, totalCount: 10 })).toEqual({ ok: true, json: {} });
    return s;
  }
  const orderOf = (userId: string, s: string) =>
    api.call('orderCreate', { userId, items: [{ sku: s, count: 2 }] });
  const ordersOf = async (userId: string) => {
    const page = await api.call('orderList', { userId });
    return page.ok ? page.json.orders : page;
  };

  it("accepts an active user's order and reserves its stock", async () => {
    const [user, s] = [await userIn('active'), await stocked()];
    const created = await orderOf(user, s);
    expect(created).toMatchObject({ ok: true });
    expect(await api.call('stocksInfo', { sku: s })).toEqual({ ok: true, json: { count: 8 } });
  });

  it.each(['suspended', 'inactive'] as const)(
    'refuses a %s user with PermissionDenied, storing no order and leaving stock unchanged',
    async (status) => {
      const [user, s] = [await userIn(status), await stocked()];
      expectRefused(await orderOf(user, s), user);
      expect(await ordersOf(user)).toEqual([]);
      expect(await api.call('stocksInfo', { sku: s })).toEqual({ ok: true, json: { count: 10 } });
    },
  );

  it('refuses unknown and deleted users the same way', async () => {
    const s = await stocked();
    const deleted = await userIn('active');
    await usersApi('DELETE', `/api/v1/users/${deleted}`, undefined, adminToken);
    for (const user of [deleted, '9223372036854775807']) {
      expectRefused(await orderOf(user, s), user);
      expect(await ordersOf(user)).toEqual([]);
    }
    expect(await api.call('stocksInfo', { sku: s })).toEqual({ ok: true, json: { count: 10 } });
  });

  it('accepts a suspended user again once reactivated', async () => {
    const [user, s] = [await userIn('suspended'), await stocked()];
    expectRefused(await orderOf(user, s), user);
    await usersApi('PATCH', `/api/v1/users/${user}`, { status: 'active' }, adminToken);
    expect(await orderOf(user, s)).toMatchObject({ ok: true });
  });
});

describe('the users client', () => {
  it('signed in once and asked GetUser for each order, never placing one unchecked', async () => {
    const metrics = (await t.http('/metrics')).text;
    const calls = (method: string, code: string) =>
      sampleValue(metrics, 'rpc_client_requests_total', {
        service: 'marketplace.users.v1.UserService',
        method,
        code,
      });
    expect(calls('SignIn', 'OK')).toBe(1);
    expect(calls('GetUser', 'OK')).toBeGreaterThanOrEqual(6 * 4);
    expect(calls('GetUser', 'NotFound')).toBeGreaterThanOrEqual(6 * 2);
    for (const reason of ['unavailable', 'circuit_open', 'error'])
      expect(sampleValue(metrics, 'loms_orders_user_unchecked_total', { reason })).toBe(0);
    expect(sampleValue(metrics, 'client_circuit_breaker_state', { client: 'users', state: 'closed' })).toBe(
      1,
    );
  });
});
