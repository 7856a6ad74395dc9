import type { JsonObject } from '@bufbuild/protobuf';
import { randomInt63 } from '@marketplace/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallResult, lomsTransports } from '../support/loms-transports.ts';
import { startTestLoms, type TestLoms } from '../support/test-loms.ts';

let t: TestLoms;
let sku = 7000;
const nextSku = () => String(++sku);
const INVALID_ARGUMENT = 3;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

beforeAll(async () => {
  t = await startTestLoms();
  // Every order id of this suite is beyond 2^53, where a double would round it.
  await sql`ALTER SEQUENCE orders_id_seq RESTART WITH 9007199254740993`.execute(t.db);
});
afterAll(() => t?.stop());

function expectInvalid(result: CallResult, message: string) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(INVALID_ARGUMENT);
  if (result.httpStatus !== undefined) expect(result.httpStatus).toBe(400);
  expect(result.message).toBe(message);
}

/** Stores a `new` order of one item straight through the repository, created now. */
async function storeOrder(userId: bigint, sku = 1n, count = 1n) {
  const { repos } = t.deps.store;
  const { id } = await repos.orders.startNew([]);
  const created = { id, userId, status: 'new' as const, items: [{ sku, count }] };
  await repos.write({ at: new Date(), created, stock: [], events: [] });
}

describe.each(lomsTransports(() => t))('OrderList over $name', (api) => {
  async function order(userId: string, items: Array<{ sku: string; count: number }>) {
    const result = await api.call('orderCreate', { userId, items });
    if (!result.ok) throw new Error(`create failed: ${result.message}`);
    return result.json.orderId as string;
  }

  async function list(request: JsonObject): Promise<JsonObject> {
    const result = await api.call('orderList', request);
    if (!result.ok) throw new Error(`list failed: ${result.message}`);
    return result.json;
  }

  it('pages through every order once, newest first, with status, items and createdAt', async () => {
    const user = String(randomInt63());
    const [a, b] = [nextSku(), nextSku()];
    await api.call('stockSet', { sku: a, totalCount: 10 });
    await api.call('stockSet', { sku: b, totalCount: 10 });
    const first = await order(user, [{ sku: a, count: 1 }]);
    const paid = await order(user, [
      { sku: b, count: 2 },
      { sku: a, count: 1 },
    ]);
    const cancelled = await order(user, [{ sku: a, count: 1 }]);
    const short = await api.call('orderCreate', { userId: user, items: [{ sku: b, count: 11 }] });
    expect(short.ok).toBe(false);
    const newest = await order(user, [{ sku: b, count: 3 }]);
    await api.call('orderPay', { orderId: paid });
    await api.call('orderCancel', { orderId: cancelled });
    await order(String(BigInt(user) + 1n), [{ sku: a, count: 1 }]);

    const pages: JsonObject[] = [];
    let pageToken = '';
    do {
      const page = await list({ userId: user, pageSize: 2, ...(pageToken ? { pageToken } : {}) });
      pages.push(page);
      pageToken = page.nextPageToken as string;
    } while (pageToken);

    expect(pages.map((p) => (p.orders as JsonObject[]).length)).toEqual([2, 2, 1]);
    const orders = pages.flatMap((p) => p.orders as JsonObject[]);
    const failed = String(BigInt(cancelled) + 1n);
    expect(orders.map(({ createdAt: _, ...rest }) => rest)).toEqual([
      { orderId: newest, status: 'awaiting payment', items: [{ sku: b, count: 3 }] },
      { orderId: failed, status: 'failed', items: [{ sku: b, count: 11 }] },
      { orderId: cancelled, status: 'cancelled', items: [{ sku: a, count: 1 }] },
      {
        orderId: paid,
        status: 'paid',
        items: [
          { sku: a, count: 1 },
          { sku: b, count: 2 },
        ],
      },
      { orderId: first, status: 'awaiting payment', items: [{ sku: a, count: 1 }] },
    ]);
    const times = orders.map((o) => o.createdAt as string);
    for (const time of times) expect(time).toMatch(RFC3339);
    expect(times.map(Date.parse)).toEqual(times.map(Date.parse).sort((x, y) => y - x));
    expect(Math.abs(Date.parse(times[0]!) - Date.now())).toBeLessThan(60_000);
  });

  it('answers an empty list, with an empty token, for a user without orders', async () => {
    expect(await list({ userId: String(randomInt63()) })).toEqual({ orders: [], nextPageToken: '' });
  });

  it('gives 20 orders per page when no page size is asked for', async () => {
    const user = randomInt63();
    for (let i = 0; i < 21; i++) await storeOrder(user);
    const first = await list({ userId: String(user) });
    expect((first.orders as JsonObject[]).length).toBe(20);
    const second = await list({ userId: String(user), pageToken: first.nextPageToken as string });
    expect(second).toMatchObject({ nextPageToken: '' });
    expect((second.orders as JsonObject[]).length).toBe(1);
  });

  it('keeps user ids beyond 2^53 exact', async () => {
    const s = nextSku();
    await api.call('stockSet', { sku: s, totalCount: 10 });
    for (const user of ['9007199254740993', '9223372036854775807']) {
      const orderId = await order(user, [{ sku: s, count: 1 }]);
      const page = await list({ userId: user, pageSize: 1 });
      expect((page.orders as JsonObject[])[0]?.orderId).toBe(orderId);
    }
    const neighbour = await list({ userId: '9007199254740992' });
    expect((neighbour.orders as JsonObject[]).map((o) => o.orderId)).toEqual([]);
  });

  it('refuses a bad page size, page token or user id with InvalidArgument naming the field', async () => {
    const user = String(randomInt63());
    await storeOrder(BigInt(user));
    await storeOrder(BigInt(user));
    const nextPageToken = (await list({ userId: user, pageSize: 1 })).nextPageToken as string;
    expect(nextPageToken).not.toBe('');
    expectInvalid(
      await api.call('orderList', { userId: user, pageSize: 101 }),
      'invalid OrderListRequest.page_size: value must be less than or equal to 100',
    );
    expectInvalid(
      await api.call('orderList', { userId: '0' }),
      'invalid OrderListRequest.user_id: value must be greater than 0',
    );
    for (const pageToken of ['nonsense', `${nextPageToken}x`]) {
      expectInvalid(
        await api.call('orderList', { userId: user, pageToken }),
        'invalid OrderListRequest.page_token: value must be a next_page_token of this user',
      );
    }
    expectInvalid(
      await api.call('orderList', { userId: String(BigInt(user) + 1n), pageToken: nextPageToken }),
      'invalid OrderListRequest.page_token: value must be a next_page_token of this user',
    );
    expectInvalid(
      await api.call('orderList', { userId: user, pageToken: 'a'.repeat(201) }),
      'invalid OrderListRequest.page_token: value must be at most 200 characters',
    );
  });
});

describe('OrderList over REST query parameters', () => {
  it('takes snake_case names and answers a page', async () => {
    const user = randomInt63();
    await storeOrder(user, 5n, 2n);
    const res = await t.http(`/order/list?user_id=${user}&page_size=1`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      orders: [{ status: 'new', items: [{ sku: '5', count: 2 }] }],
      nextPageToken: '',
    });
  });

  it.each([
    ['pageSize=-1', 'page_size'],
    ['pageSize=abc', 'page_size'],
    ['pageSize=4294967296', 'page_size'],
    ['userId=9223372036854775808', 'user_id'],
    ['userId=abc', 'user_id'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const res = await t.http(`/order/list?userId=1&${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: INVALID_ARGUMENT, details: [] });
    expect((res.body as { message: string }).message).toMatch(`invalid OrderListRequest.${field}:`);
  });
});
