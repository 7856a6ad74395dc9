import { describe, expect, it } from 'vitest';
import { expireOrders, placeOrder } from '../../src/domain/order.ts';
import type { Stock } from '../../src/domain/stock.ts';

const at = new Date('2026-11-21T10:00:00.123Z');
const ids = () => {
  let n = 0;
  return { at, newEventId: () => `e-${++n}` };
};
const stock = (sku: bigint, totalCount: bigint): [bigint, Stock] => [sku, { sku, totalCount, reserved: 0n }];

describe('placeOrder', () => {
  const order = { id: 5n, userId: 1n, items: [{ sku: 3n, count: 2n }] };

  it.each([
    ['leaves an order awaiting payment with its items reserved', 2n, 'awaiting payment', undefined],
    [
      'fails an order short of stock, reserving nothing and naming the shortage',
      1n,
      'failed',
      'insufficient stock for sku 3: 1 available, 2 requested',
    ],
  ] as const)('%s, publishing new and then the outcome', (_what, total, status, shortage) => {
    expect(placeOrder(order, new Map([stock(3n, total)]), ids())).toEqual({
      status,
      events: [
        { eventId: 'e-1', orderId: 5n, status: 'new', moment: at },
        { eventId: 'e-2', orderId: 5n, status, moment: at },
      ],
      stock: shortage ? [] : [{ sku: 3n, reservedDelta: 2n, totalDelta: 0n }],
      shortage,
    });
  });
});

describe('expireOrders', () => {
  it('cancels every order with its event and releases their stock summed per sku', () => {
    const orders = [
      { id: 1n, userId: 1n, status: 'awaiting payment' as const, items: [{ sku: 9n, count: 2n }] },
      {
        id: 2n,
        userId: 2n,
        status: 'awaiting payment' as const,
        items: [
          { sku: 3n, count: 1n },
          { sku: 9n, count: 5n },
        ],
      },
    ];
    expect(expireOrders(orders, ids())).toEqual({
      status: 'cancelled',
      events: [
        { eventId: 'e-1', orderId: 1n, status: 'cancelled', moment: at },
        { eventId: 'e-2', orderId: 2n, status: 'cancelled', moment: at },
      ],
      stock: [
        { sku: 3n, reservedDelta: -1n, totalDelta: 0n },
        { sku: 9n, reservedDelta: -7n, totalDelta: 0n },
      ],
    });
  });

  it('refuses an order that is no longer awaiting payment', () => {
    const paid = { id: 1n, userId: 1n, status: 'paid' as const, items: [{ sku: 9n, count: 2n }] };
    expect(() => expireOrders([paid], ids())).toThrow('order 1 is paid: it cannot become cancelled');
  });
});
