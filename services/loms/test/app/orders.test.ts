import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cancelOrder } from '../../src/app/cancel-order.ts';
import { createOrder } from '../../src/app/create-order.ts';
import { expireUnpaidOrders } from '../../src/app/expire-unpaid-orders.ts';
import { getOrderInfo } from '../../src/app/get-order-info.ts';
import { getStockInfo } from '../../src/app/get-stock-info.ts';
import { payOrder } from '../../src/app/pay-order.ts';
import { setStock } from '../../src/app/set-stock.ts';
import {
  IdempotencyKeyReusedError,
  InsufficientStockError,
  OrderNotFoundError,
  OrderStatusError,
  StockBelowReservedError,
  StockNotFoundError,
} from '../../src/domain/errors.ts';
import { createLomsTestDb, type LomsTestDb } from '../support/loms-test-db.ts';

let t: LomsTestDb;
let sku = 1000n;
const nextSku = () => ++sku;

beforeAll(async () => {
  t = await createLomsTestDb();
});
afterAll(() => t.close());
beforeEach(() => {
  t.clock.current = new Date('2026-11-21T10:00:00.000Z');
});

const advanceClock = (ms: number) => {
  t.clock.current = new Date(t.clock.current.getTime() + ms);
};
const statuses = async (orderId: bigint) =>
  (await t.events(orderId)).map((e) => JSON.parse(e.payload).status as string);

describe('createOrder', () => {
  it('reserves every item and leaves the order awaiting payment, with new and awaiting payment events', async () => {
    const [a, b] = [nextSku(), nextSku()];
    await t.addStock(a, 10n);
    await t.addStock(b, 5n, 1n);
    const orderId = await createOrder(t.deps, {
      userId: 1n,
      items: [
        { sku: a, count: 3n },
        { sku: b, count: 4n },
      ],
    });
    expect(await t.stock(a)).toEqual({ total: 10n, reserved: 3n });
    expect(await t.stock(b)).toEqual({ total: 5n, reserved: 5n });
    expect((await getOrderInfo(t.deps, orderId)).status).toBe('awaiting payment');
    expect(await statuses(orderId)).toEqual(['new', 'awaiting payment']);
  });

  it('sums the same sku given twice', async () => {
    const a = nextSku();
    await t.addStock(a, 10n);
    const orderId = await createOrder(t.deps, {
      userId: 1n,
      items: [
        { sku: a, count: 3n },
        { sku: a, count: 4n },
      ],
    });
    expect((await getOrderInfo(t.deps, orderId)).items).toEqual([{ sku: a, count: 7n }]);
    expect(await t.stock(a)).toEqual({ total: 10n, reserved: 7n });
  });

  it('keeps a failed order with its id and changes no stock when any sku is short', async () => {
    const [a, b] = [nextSku(), nextSku()];
    await t.addStock(a, 10n);
    await t.addStock(b, 2n);
    const before = await t.orderCount();
    const error = await createOrder(t.deps, {
      userId: 1n,
      items: [
        { sku: a, count: 1n },
        { sku: b, count: 3n },
      ],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientStockError);
    expect(await t.orderCount()).toBe(before + 1);
    expect(await t.stock(a)).toEqual({ total: 10n, reserved: 0n });
    const failed = (await t.events()).at(-1)!;
    expect(JSON.parse(failed.payload).status).toBe('failed');
    const orderId = BigInt(failed.key);
    expect((await getOrderInfo(t.deps, orderId)).status).toBe('failed');
    expect(await statuses(orderId)).toEqual(['new', 'failed']);
  });

  it('fails for a sku that has no stock row', async () => {
    await expect(createOrder(t.deps, { userId: 1n, items: [{ sku: nextSku(), count: 1n }] })).rejects.toThrow(
      InsufficientStockError,
    );
  });

  it('accepts a count equal to the available stock', async () => {
    const a = nextSku();
    await t.addStock(a, 5n, 2n);
    await createOrder(t.deps, { userId: 1n, items: [{ sku: a, count: 3n }] });
    expect(await getStockInfo(t.deps, a)).toBe(0n);
  });
});

describe('createOrder with an idempotency key', () => {
  it('replays the first answer for a retry and creates nothing new', async () => {
    const a = nextSku();
    await t.addStock(a, 10n);
    const input = { userId: 1n, items: [{ sku: a, count: 2n }], idempotencyKey: `key-${a}` };
    const first = await createOrder(t.deps, input);
    const before = await t.orderCount();
    expect(await createOrder(t.deps, input)).toBe(first);
    expect(await t.orderCount()).toBe(before);
    expect(await t.stock(a)).toEqual({ total: 10n, reserved: 2n });
  });

  it('makes one order from concurrent retries', async () => {
    const a = nextSku();
    await t.addStock(a, 10n);
    const input = { userId: 1n, items: [{ sku: a, count: 1n }], idempotencyKey: `race-${a}` };
    const ids = await Promise.all(Array.from({ length: 8 }, () => createOrder(t.deps, input)));
    expect(new Set(ids).size).toBe(1);
    expect(await t.stock(a)).toEqual({ total: 10n, reserved: 1n });
  });

  it('replays a failed first answer as the same error', async () => {
    const a = nextSku();
    await t.addStock(a, 1n);
    const input = { userId: 1n, items: [{ sku: a, count: 2n }], idempotencyKey: `fail-${a}` };
    const first = await createOrder(t.deps, input).catch((e: Error) => e.message);
    const before = await t.orderCount();
    await expect(createOrder(t.deps, input)).rejects.toThrow(first as string);
    expect(await t.orderCount()).toBe(before);
  });

  it("keeps each user's keys apart: the same key from another user places that user's own order", async () => {
    const a = nextSku();
    await t.addStock(a, 10n);
    const key = `shared-${a}`;
    const first = await createOrder(t.deps, {
      userId: 1n,
      items: [{ sku: a, count: 1n }],
      idempotencyKey: key,
    });
    const other = await createOrder(t.deps, {
      userId: 2n,
      items: [{ sku: a, count: 2n }],
      idempotencyKey: key,
    });
    expect(other).not.toBe(first);
    expect(
      await createOrder(t.deps, { userId: 1n, items: [{ sku: a, count: 1n }], idempotencyKey: key }),
    ).toBe(first);
  });

  it('refuses the same key with a different request', async () => {
    const a = nextSku();
    await t.addStock(a, 10n);
    await createOrder(t.deps, { userId: 1n, items: [{ sku: a, count: 1n }], idempotencyKey: `diff-${a}` });
    await expect(
      createOrder(t.deps, { userId: 1n, items: [{ sku: a, count: 2n }], idempotencyKey: `diff-${a}` }),
    ).rejects.toThrow(IdempotencyKeyReusedError);
  });
});

describe('payOrder and cancelOrder', () => {
  async function awaitingOrder(count = 2n) {
    const a = nextSku();
    await t.addStock(a, 10n);
    return { sku: a, orderId: await createOrder(t.deps, { userId: 1n, items: [{ sku: a, count }] }) };
  }

  it('pays: reserved and total both drop by the count, and a paid event is written', async () => {
    const { sku: a, orderId } = await awaitingOrder();
    await payOrder(t.deps, orderId);
    expect(await t.stock(a)).toEqual({ total: 8n, reserved: 0n });
    expect((await getOrderInfo(t.deps, orderId)).status).toBe('paid');
    expect(await statuses(orderId)).toEqual(['new', 'awaiting payment', 'paid']);
  });

  it('paying a paid order succeeds and changes nothing', async () => {
    const { sku: a, orderId } = await awaitingOrder();
    await payOrder(t.deps, orderId);
    await payOrder(t.deps, orderId);
    expect(await t.stock(a)).toEqual({ total: 8n, reserved: 0n });
    expect(await statuses(orderId)).toEqual(['new', 'awaiting payment', 'paid']);
  });

  it('cancels: the reservation is released, and cancelling again changes nothing', async () => {
    const { sku: a, orderId } = await awaitingOrder();
    await cancelOrder(t.deps, orderId);
    await cancelOrder(t.deps, orderId);
    expect(await t.stock(a)).toEqual({ total: 10n, reserved: 0n });
    expect(await statuses(orderId)).toEqual(['new', 'awaiting payment', 'cancelled']);
  });

  it('rejects paying a cancelled order and cancelling a paid one', async () => {
    const cancelled = await awaitingOrder();
    await cancelOrder(t.deps, cancelled.orderId);
    await expect(payOrder(t.deps, cancelled.orderId)).rejects.toThrow(OrderStatusError);
    const paid = await awaitingOrder();
    await payOrder(t.deps, paid.orderId);
    await expect(cancelOrder(t.deps, paid.orderId)).rejects.toThrow(OrderStatusError);
  });

  it('rejects paying or cancelling a failed order', async () => {
    const a = nextSku();
    await t.addStock(a, 1n);
    await createOrder(t.deps, { userId: 1n, items: [{ sku: a, count: 5n }] }).catch(() => {});
    const orderId = BigInt((await t.events()).at(-1)!.key);
    await expect(payOrder(t.deps, orderId)).rejects.toThrow(OrderStatusError);
    await expect(cancelOrder(t.deps, orderId)).rejects.toThrow(OrderStatusError);
  });

  it('reports unknown orders as not found', async () => {
    await expect(payOrder(t.deps, 987654321n)).rejects.toThrow(OrderNotFoundError);
    await expect(cancelOrder(t.deps, 987654321n)).rejects.toThrow(OrderNotFoundError);
    await expect(getOrderInfo(t.deps, 987654321n)).rejects.toThrow(OrderNotFoundError);
  });
});

describe('expireUnpaidOrders', () => {
  it('cancels orders awaiting payment longer than the timeout, with their event, and leaves newer ones', async () => {
    const a = nextSku();
    await t.addStock(a, 10n);
    const old = await createOrder(t.deps, { userId: 1n, items: [{ sku: a, count: 1n }] });
    const paid = await createOrder(t.deps, { userId: 1n, items: [{ sku: a, count: 1n }] });
    await payOrder(t.deps, paid);
    advanceClock(30_000);
    const fresh = await createOrder(t.deps, { userId: 1n, items: [{ sku: a, count: 1n }] });
    // The old order has waited 60.001 s, the fresh one 30.001 s.
    advanceClock(30_001);
    await expireUnpaidOrders(t.deps, 60_000);
    expect((await getOrderInfo(t.deps, old)).status).toBe('cancelled');
    expect((await getOrderInfo(t.deps, paid)).status).toBe('paid');
    expect((await getOrderInfo(t.deps, fresh)).status).toBe('awaiting payment');
    expect(await statuses(old)).toEqual(['new', 'awaiting payment', 'cancelled']);
    expect(await t.stock(a)).toEqual({ total: 9n, reserved: 1n });
  });
});

describe('stock', () => {
  it('reports available stock and not found for an unknown sku', async () => {
    const a = nextSku();
    await t.addStock(a, 300n, 35n);
    expect(await getStockInfo(t.deps, a)).toBe(265n);
    await expect(getStockInfo(t.deps, nextSku())).rejects.toThrow(StockNotFoundError);
  });

  it('sets the total, creating an unknown sku, and refuses to go below reserved', async () => {
    const a = nextSku();
    await setStock(t.deps, a, 50n);
    expect(await t.stock(a)).toEqual({ total: 50n, reserved: 0n });
    await createOrder(t.deps, { userId: 1n, items: [{ sku: a, count: 20n }] });
    await setStock(t.deps, a, 20n);
    expect(await getStockInfo(t.deps, a)).toBe(0n);
    await expect(setStock(t.deps, a, 19n)).rejects.toThrow(StockBelowReservedError);
    expect(await t.stock(a)).toEqual({ total: 20n, reserved: 20n });
  });
});
