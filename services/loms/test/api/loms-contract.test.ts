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

/** Asserts a failed call had `code` (and the contract's HTTP status on HTTP transports) and a message. */
function expectError(result: CallResult, code: number, message?: string | RegExp) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(code);
  if (result.httpStatus !== undefined) expect(result.httpStatus).toBe({ 3: 400, 5: 404, 9: 400 }[code]);
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
  });
});
