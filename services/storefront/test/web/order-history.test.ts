import { describe, expect, it } from 'vitest';
import type { OrderPage, OrderSummary } from '../../src/web/marketplace-api.ts';
import { createOrderHistory, itemCountText } from '../../src/web/order-history.ts';

const order = (orderId: string, status = 'paid'): OrderSummary => ({
  orderId,
  status,
  items: [{ sku: '1', count: 1 }],
  createdAt: '2026-11-21T10:00:00.123Z',
});

describe('createOrderHistory', () => {
  it('reads the first page, then the next ones by their token, each order once', async () => {
    const pages: Record<string, OrderPage> = {
      '': { orders: [order('9'), order('8')], nextPageToken: 't1' },
      t1: { orders: [order('8'), order('7')], nextPageToken: '' },
    };
    const asked: string[] = [];
    const history = createOrderHistory(async (token) => {
      asked.push(token);
      return pages[token]!;
    });
    expect((await history.first()).map((o) => o.orderId)).toEqual(['9', '8']);
    expect(history.hasMore()).toBe(true);
    expect((await history.more()).map((o) => o.orderId)).toEqual(['9', '8', '7']);
    expect(history.hasMore()).toBe(false);
    expect((await history.more()).map((o) => o.orderId)).toEqual(['9', '8', '7']);
    expect(asked).toEqual(['', 't1']);
    expect((await history.first()).map((o) => o.orderId)).toEqual(['9', '8']);
  });

  it('keeps what it showed when a read fails', async () => {
    let fail = false;
    const history = createOrderHistory(async () => {
      if (fail) throw new Error('loms is down');
      return { orders: [order('3')], nextPageToken: 'next' };
    });
    await history.first();
    fail = true;
    await expect(history.more()).rejects.toThrow('loms is down');
    expect(history.hasMore()).toBe(true);
    fail = false;
    expect((await history.more()).map((o) => o.orderId)).toEqual(['3']);
  });
});

describe('itemCountText', () => {
  it('counts the units of all lines', () => {
    expect(itemCountText([{ count: 1 }])).toBe('1 item');
    expect(itemCountText([{ count: 2 }, { count: 1 }])).toBe('3 items');
    expect(itemCountText([])).toBe('0 items');
  });
});
