import { randomInt63 } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallResult, lomsTransports } from '../support/loms-transports.ts';
import { startTestLoms, type TestLoms } from '../support/test-loms.ts';

let t: TestLoms;
let sku = 5000;
const nextSku = () => String(++sku);

beforeAll(async () => {
  t = await startTestLoms();
});
afterAll(() => t?.stop());

const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;
const ABORTED = 10;

/** Asserts a failed call had `code` (and the contract's HTTP status on HTTP transports) and a message. */
function expectError(result: CallResult, code: number, message?: string | RegExp) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(code);
  if (result.httpStatus !== undefined)
    expect(result.httpStatus).toBe({ 3: 400, 5: 404, 9: 400, 10: 409 }[code]);
  if (message) expect(result.message).toMatch(message);
}

describe.each(lomsTransports(() => t))('LOMS contract over $name', (api) => {
  async function stocked(totalCount: number) {
    const s = nextSku();
    expect(await api.call('stockSet', { sku: s, totalCount })).toEqual({ ok: true, json: {} });
    return s;
  }

  async function createOrder(items: Array<{ sku: string; count: number }>, userId = '1') {
    const result = await api.call('orderCreate', { userId, items });
    if (!result.ok) throw new Error(`create failed: ${result.message}`);
    return result.json.orderId as string;
  }

  describe('OrderCreate', () => {
    it('creates an order awaiting payment and reserves its items', async () => {
      const s = await stocked(10);
      const orderId = await createOrder([{ sku: s, count: 4 }]);
      expect(orderId).toMatch(/^[1-9]\d*$/);
      expect(await api.call('orderInfo', { orderId })).toEqual({
        ok: true,
        json: { status: 'awaiting payment', userId: '1', items: [{ sku: s, count: 4 }] },
      });
      expect(await api.call('stocksInfo', { sku: s })).toEqual({ ok: true, json: { count: 6 } });
    });

    it('returns items sorted by sku and sums a sku given twice', async () => {
      const [a, b] = [await stocked(10), await stocked(10)];
      const orderId = await createOrder([
        { sku: b, count: 1 },
        { sku: a, count: 2 },
        { sku: b, count: 3 },
      ]);
      const info = await api.call('orderInfo', { orderId });
      expect(info.ok && info.json.items).toEqual([
        { sku: a, count: 2 },
        { sku: b, count: 4 },
      ]);
    });

    it('refuses a sku whose counts add up beyond uint32 with InvalidArgument, creating nothing', async () => {
      const s = await stocked(10);
      expectError(
        await api.call('orderCreate', {
          userId: '1',
          items: [
            { sku: s, count: 4294967295 },
            { sku: s, count: 1 },
          ],
        }),
        INVALID_ARGUMENT,
        `invalid OrderCreateRequest.items: the counts of sku ${s} add up to more than 4294967295`,
      );
      expect(await api.call('stocksInfo', { sku: s })).toEqual({ ok: true, json: { count: 10 } });
    });

    it('fails with FailedPrecondition for short stock, keeps the order as failed and stock unchanged', async () => {
      const s = await stocked(3);
      expectError(
        await api.call('orderCreate', { userId: '1', items: [{ sku: s, count: 4 }] }),
        FAILED_PRECONDITION,
        /sku/,
      );
      expect(await api.call('stocksInfo', { sku: s })).toEqual({ ok: true, json: { count: 3 } });
    });

    it.each([
      [
        { userId: '0', items: [{ sku: '1', count: 1 }] },
        'invalid OrderCreateRequest.user_id: value must be greater than 0',
      ],
      [
        { userId: '-5', items: [{ sku: '1', count: 1 }] },
        'invalid OrderCreateRequest.user_id: value must be greater than 0',
      ],
      [{ userId: '1', items: [] }, 'invalid OrderCreateRequest.items: value must contain at least 1 item(s)'],
      [
        { userId: '1', items: [{ sku: '0', count: 1 }] },
        'invalid OrderCreateRequest.items[0].sku: value must be greater than 0',
      ],
      [
        { userId: '1', items: [{ sku: '1', count: 0 }] },
        'invalid OrderCreateRequest.items[0].count: value must be greater than 0',
      ],
    ])('rejects %j with InvalidArgument naming the field', async (request, message) => {
      expectError(await api.call('orderCreate', request), INVALID_ARGUMENT, message);
    });

    it('replays the first answer for a retry with the same Idempotency-Key', async () => {
      const s = await stocked(10);
      const request = { userId: '7', items: [{ sku: s, count: 2 }] };
      const headers = { 'idempotency-key': `k-${s}` };
      const first = await api.call('orderCreate', request, headers);
      const second = await api.call('orderCreate', request, headers);
      expect(first.ok).toBe(true);
      expect(second).toEqual(first);
      expect(await api.call('stocksInfo', { sku: s })).toEqual({ ok: true, json: { count: 8 } });
    });
  });

  describe('int64 over its whole range', () => {
    it('round-trips 30 random int63 user ids and skus through stock, order and info', async () => {
      for (let i = 0; i < 30; i++) {
        const [user, s] = [String(randomInt63()), String(randomInt63())];
        expect(await api.call('stockSet', { sku: s, totalCount: 3 }), s).toEqual({ ok: true, json: {} });
        const orderId = await createOrder([{ sku: s, count: 2 }], user);
        expect(await api.call('orderInfo', { orderId }), `${user} ${s}`).toEqual({
          ok: true,
          json: { status: 'awaiting payment', userId: user, items: [{ sku: s, count: 2 }] },
        });
      }
    });

    it.each(['9007199254740993', '9223372036854775807'])('keeps user id and sku %s exact', async (id) => {
      expect(await api.call('stockSet', { sku: id, totalCount: 5 })).toEqual({ ok: true, json: {} });
      const orderId = await createOrder([{ sku: id, count: 1 }], id);
      expect(await api.call('orderInfo', { orderId })).toEqual({
        ok: true,
        json: { status: 'awaiting payment', userId: id, items: [{ sku: id, count: 1 }] },
      });
      expect(await api.call('orderCancel', { orderId })).toEqual({ ok: true, json: {} });
      expect(await api.call('stocksInfo', { sku: id })).toEqual({ ok: true, json: { count: 5 } });
    });
  });

  describe('OrderInfo', () => {
    it('rejects orderId <= 0 and reports an unknown order as not found', async () => {
      expectError(
        await api.call('orderInfo', { orderId: '0' }),
        INVALID_ARGUMENT,
        'OrderInfoRequest.order_id',
      );
      expectError(await api.call('orderInfo', { orderId: '999999999' }), NOT_FOUND);
    });
  });

  describe('OrderPay', () => {
    it('pays an order: reserved and total drop, and paying again changes nothing', async () => {
      const s = await stocked(10);
      const orderId = await createOrder([{ sku: s, count: 4 }]);
      expect(await api.call('orderPay', { orderId })).toEqual({ ok: true, json: {} });
      expect(await api.call('orderPay', { orderId })).toEqual({ ok: true, json: {} });
      const info = await api.call('orderInfo', { orderId });
      expect(info.ok && info.json.status).toBe('paid');
      expect(await api.call('stocksInfo', { sku: s })).toEqual({ ok: true, json: { count: 6 } });
      // The sale left total = 6 with nothing reserved: setting 6 is allowed, and it can all be ordered.
      expect(await api.call('stockSet', { sku: s, totalCount: 6 })).toEqual({ ok: true, json: {} });
      await createOrder([{ sku: s, count: 6 }]);
    });

    it('refuses a cancelled order, and reports bad and unknown ids', async () => {
      const s = await stocked(10);
      const orderId = await createOrder([{ sku: s, count: 1 }]);
      await api.call('orderCancel', { orderId });
      expectError(await api.call('orderPay', { orderId }), FAILED_PRECONDITION, /cancelled/);
      expectError(await api.call('orderPay', { orderId: '0' }), INVALID_ARGUMENT, 'OrderPayRequest.order_id');
      expectError(await api.call('orderPay', { orderId: '999999999' }), NOT_FOUND);
    });
  });

  describe('OrderCancel', () => {
    it('cancels an order and releases its stock; cancelling again succeeds', async () => {
      const s = await stocked(10);
      const orderId = await createOrder([{ sku: s, count: 4 }]);
      expect(await api.call('orderCancel', { orderId })).toEqual({ ok: true, json: {} });
      expect(await api.call('orderCancel', { orderId })).toEqual({ ok: true, json: {} });
      const info = await api.call('orderInfo', { orderId });
      expect(info.ok && info.json.status).toBe('cancelled');
      expect(await api.call('stocksInfo', { sku: s })).toEqual({ ok: true, json: { count: 10 } });
    });

    it('refuses paid and failed orders, and reports bad and unknown ids', async () => {
      const s = await stocked(2);
      const paid = await createOrder([{ sku: s, count: 1 }]);
      await api.call('orderPay', { orderId: paid });
      expectError(await api.call('orderCancel', { orderId: paid }), FAILED_PRECONDITION, /paid/);
      const failed = await api.call('orderCreate', { userId: '1', items: [{ sku: s, count: 5 }] });
      expect(failed.ok).toBe(false);
      const lastId = String(Number(paid) + 1);
      const info = await api.call('orderInfo', { orderId: lastId });
      expect(info.ok && info.json.status).toBe('failed');
      expectError(await api.call('orderCancel', { orderId: lastId }), FAILED_PRECONDITION, /failed/);
      expectError(
        await api.call('orderCancel', { orderId: '-1' }),
        INVALID_ARGUMENT,
        'OrderCancelRequest.order_id',
      );
      expectError(await api.call('orderCancel', { orderId: '999999999' }), NOT_FOUND);
    });
  });

  describe('StocksInfo and StockSet', () => {
    it('reports total minus reserved, NotFound for an unknown sku and InvalidArgument for sku <= 0', async () => {
      const s = await stocked(300);
      await createOrder([{ sku: s, count: 35 }]);
      expect(await api.call('stocksInfo', { sku: s })).toEqual({ ok: true, json: { count: 265 } });
      expectError(await api.call('stocksInfo', { sku: nextSku() }), NOT_FOUND);
      expectError(await api.call('stocksInfo', { sku: '0' }), INVALID_ARGUMENT, 'StocksInfoRequest.sku');
    });

    it('refuses to set the total below what is reserved', async () => {
      const s = await stocked(10);
      await createOrder([{ sku: s, count: 5 }]);
      expectError(await api.call('stockSet', { sku: s, totalCount: 4 }), FAILED_PRECONDITION, /reserved/);
      expect(await api.call('stockSet', { sku: s, totalCount: 5 })).toEqual({ ok: true, json: {} });
      expect(await api.call('stocksInfo', { sku: s })).toEqual({ ok: true, json: { count: 0 } });
      expectError(
        await api.call('stockSet', { sku: '0', totalCount: 5 }),
        INVALID_ARGUMENT,
        'StockSetRequest.sku',
      );
    });

    it('refuses (Aborted) a fencing token older than one applied to the sku; without one, sets as before', async () => {
      const s = await stocked(10);
      expect(await api.call('stockSet', { sku: s, totalCount: 8, fencingToken: '6' })).toEqual({
        ok: true,
        json: {},
      });
      expectError(
        await api.call('stockSet', { sku: s, totalCount: 3, fencingToken: '5' }),
        ABORTED,
        /fencing token 5 is older/,
      );
      expect(await api.call('stocksInfo', { sku: s })).toEqual({ ok: true, json: { count: 8 } });
      expect(await api.call('stockSet', { sku: s, totalCount: 4 })).toEqual({ ok: true, json: {} });
      expect(await api.call('stocksInfo', { sku: s })).toEqual({ ok: true, json: { count: 4 } });
      expectError(
        await api.call('stockSet', { sku: s, totalCount: 4, fencingToken: '0' }),
        INVALID_ARGUMENT,
        'StockSetRequest.fencing_token',
      );
    });
  });
});

// Typed clients cannot even encode an id beyond int64: only JSON bodies can carry one.
describe('ids beyond int64 in JSON', () => {
  const post = (path: string, body: string) =>
    fetch(`${t.httpBase}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it.each([
    ['REST, as a number', '/order/pay', '{"orderId":9223372036854775808}', { code: 3 }],
    ['REST, as a string', '/order/pay', '{"orderId":"9223372036854775808"}', { code: 3 }],
    [
      'Connect JSON, as a number',
      '/marketplace.loms.v1.LomsService/OrderPay',
      '{"orderId":9223372036854775808}',
      { code: 'invalid_argument' },
    ],
  ])('are InvalidArgument naming the field (%s)', async (_name, path, body, code) => {
    const res = await post(path, body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { message: string };
    expect(answer).toMatchObject(code);
    expect(answer.message).toBe('invalid OrderPayRequest.order_id: 9223372036854775808 is not a valid int64');
  });
});
