import type { JsonObject } from '@bufbuild/protobuf';
import {
  type CallResult,
  startTestTokenIssuer,
  type TestTokenClaims,
  type TestTokenIssuer,
} from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LomsMethod, lomsTransports } from '../support/loms-transports.ts';
import { startTestLoms, type TestLoms } from '../support/test-loms.ts';

const NOT_FOUND = 5;
const PERMISSION_DENIED = 7;
const UNAUTHENTICATED = 16;
const HTTP_STATUS: Record<number, number> = { 5: 404, 7: 403, 16: 401 };

let issuer: TestTokenIssuer;
let t: TestLoms;
beforeAll(async () => {
  issuer = await startTestTokenIssuer();
  // The users check has tests of its own; here only the token decides.
  t = await startTestLoms({ ...issuer.env(), USERS_CHECK: 'off', SERVICE_API_KEYS: 'products-key' });
});
afterAll(async () => {
  await t?.stop();
  await issuer?.stop();
});

function expectError(result: CallResult, code: number, message?: string | RegExp) {
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(code);
  if (result.httpStatus !== undefined) expect(result.httpStatus).toBe(HTTP_STATUS[code]);
  if (message) expect(result.message).toMatch(message);
}

let lastId = 880_000;
const fresh = () => String(++lastId);
const ANN = '9000000000000000001';
const BOB = '77';

describe.each(lomsTransports(() => t))('LOMS with AUTH_MODE=jwt over $name', (api) => {
  const as = (claims: TestTokenClaims) => issuer.bearer(claims);
  const admin = () => as({ userId: 1, role: 'admin' });

  async function stocked(totalCount: number) {
    const sku = fresh();
    expect(await api.call('stockSet', { sku, totalCount }, await admin())).toEqual({ ok: true, json: {} });
    return sku;
  }

  async function orderOf(user: string) {
    const sku = await stocked(10);
    const created = await api.call(
      'orderCreate',
      { userId: user, items: [{ sku, count: 1 }] },
      await as({ userId: user }),
    );
    if (!created.ok) throw new Error(created.message);
    return created.json.orderId as string;
  }

  it('refuses order calls without a good token, and keeps StocksInfo open', async () => {
    const forged = await as({ userId: ANN, key: await issuer.createKey(issuer.key.kid) });
    const calls: Array<[LomsMethod, JsonObject]> = [
      ['orderCreate', { userId: ANN, items: [{ sku: '1', count: 1 }] }],
      ['orderInfo', { orderId: '1' }],
      ['orderList', { userId: ANN }],
      ['orderPay', { orderId: '1' }],
      ['orderCancel', { orderId: '1' }],
      ['stockSet', { sku: '1', totalCount: 1 }],
    ];
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{}, /missing access token/],
      [{ authorization: 'Bearer' }, /must be "Bearer <token>"/],
      [{ authorization: 'Bearer e30.e30.e30' }, /malformed/],
      [await as({ userId: ANN, expiresIn: -60 }), /expired/],
      [forged, /signature is invalid/],
    ];
    for (const [method, request] of calls)
      for (const [headers, message] of bad)
        expectError(await api.call(method, request, headers), UNAUTHENTICATED, message);
    const sku = await stocked(3);
    expect(await api.call('stocksInfo', { sku })).toEqual({ ok: true, json: { count: 3 } });
  });

  it("creates and lists orders only under the caller's own user id", async () => {
    const sku = await stocked(10);
    const bob = await as({ userId: BOB });
    const items = [{ sku, count: 2 }];
    const notBob = new RegExp(`user_id ${ANN} is not the signed-in user`);
    expectError(await api.call('orderCreate', { userId: ANN, items }, bob), PERMISSION_DENIED, notBob);
    expectError(await api.call('orderList', { userId: ANN }, bob), PERMISSION_DENIED, notBob);
    expect(await api.call('stocksInfo', { sku })).toEqual({ ok: true, json: { count: 10 } });

    const ann = await as({ userId: ANN });
    const created = await api.call('orderCreate', { userId: ANN, items }, ann);
    expect(created).toMatchObject({ ok: true });
    const listed = await api.call('orderList', { userId: ANN, pageSize: 1 }, ann);
    expect(listed.ok && listed.json.orders).toMatchObject([{ orderId: created.ok && created.json.orderId }]);
  });

  it("answers another user's order NotFound, as if it did not exist, and leaves it alone", async () => {
    const orderId = await orderOf(ANN);
    const bob = await as({ userId: BOB });
    const missing = `order ${orderId} not found`;
    for (const method of ['orderInfo', 'orderPay', 'orderCancel'] as const)
      expectError(await api.call(method, { orderId }, bob), NOT_FOUND, missing);
    // An order that does not exist reads the same.
    const absent = '9223372036854775807';
    expectError(
      await api.call('orderInfo', { orderId: absent }, bob),
      NOT_FOUND,
      `order ${absent} not found`,
    );
    const ann = await as({ userId: ANN });
    expect(await api.call('orderInfo', { orderId }, ann)).toMatchObject({
      ok: true,
      json: { status: 'awaiting payment', userId: ANN },
    });
  });

  it('lets the owner pay or cancel their order', async () => {
    const ann = await as({ userId: ANN });
    const paid = await orderOf(ANN);
    expect(await api.call('orderPay', { orderId: paid }, ann)).toEqual({ ok: true, json: {} });
    const cancelled = await orderOf(ANN);
    expect(await api.call('orderCancel', { orderId: cancelled }, ann)).toEqual({ ok: true, json: {} });
    expect(await api.call('orderInfo', { orderId: cancelled }, ann)).toMatchObject({
      json: { status: 'cancelled' },
    });
  });

  it("sets stock for an admin or a service's key, and refuses a customer", async () => {
    const sku = fresh();
    expectError(
      await api.call('stockSet', { sku, totalCount: 5 }, await as({ userId: BOB })),
      PERMISSION_DENIED,
      'permission denied: StockSet needs an admin',
    );
    expectError(
      await api.call('stockSet', { sku, totalCount: 5 }, { 'x-api-key': 'guess' }),
      UNAUTHENTICATED,
    );
    expect(await api.call('stockSet', { sku, totalCount: 5 }, { 'x-api-key': 'products-key' })).toEqual({
      ok: true,
      json: {},
    });
    expect(await api.call('stocksInfo', { sku })).toEqual({ ok: true, json: { count: 5 } });
    // The key opens StockSet only.
    expectError(
      await api.call('orderInfo', { orderId: '1' }, { 'x-api-key': 'products-key' }),
      UNAUTHENTICATED,
      /missing access token/,
    );
  });

  it('accepts a token of a key published after the first JWKS fetch', async () => {
    const rotated = await issuer.createKey();
    const headers = await as({ userId: BOB, key: rotated });
    expectError(await api.call('orderList', { userId: BOB }, headers), UNAUTHENTICATED, /unknown key/);
    issuer.publish(rotated);
    await new Promise((resolve) => setTimeout(resolve, 5)); // past JWKS_COOLDOWN
    expect(await api.call('orderList', { userId: BOB }, headers)).toMatchObject({ ok: true });
  });
});
