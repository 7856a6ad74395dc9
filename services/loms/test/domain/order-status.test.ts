import { ORDER_STATUS_NAMES } from '@marketplace/platform/order-event';
import { describe, expect, it } from 'vitest';
import { OrderStatusError } from '../../src/domain/errors.ts';
import type { Order } from '../../src/domain/order.ts';
import { type OrderStatus, transition } from '../../src/domain/order-status.ts';

const context = { at: new Date('2026-11-21T10:00:00.123Z'), newEventId: () => 'e-1' };
const items = [{ sku: 3n, count: 2n }];
const order = (status: OrderStatus, id = 7n): Order => ({ id, userId: 1n, status, items });

describe('order status transitions', () => {
  it.each([
    ['new', 'awaiting payment', [{ sku: 3n, reservedDelta: 2n, totalDelta: 0n }]],
    ['new', 'failed', []],
    ['awaiting payment', 'paid', [{ sku: 3n, reservedDelta: -2n, totalDelta: -2n }]],
    ['awaiting payment', 'cancelled', [{ sku: 3n, reservedDelta: -2n, totalDelta: 0n }]],
  ] as const)('moves an order from %s to %s with an event and its stock effect', (from, to, stock) => {
    expect(transition(order(from), to, context)).toEqual({
      changed: true,
      status: to,
      events: [{ eventId: 'e-1', moment: context.at, orderId: 7n, status: to }],
      stock,
    });
  });

  it.each(['paid', 'cancelled'] as const)(
    'treats a repeated move to %s as a no-op without an event',
    (status) => {
      expect(transition(order(status), status, context)).toEqual({ changed: false });
    },
  );

  const allowed = new Set([
    'new>awaiting payment',
    'new>failed',
    'awaiting payment>paid',
    'awaiting payment>cancelled',
  ]);
  const forbidden = ORDER_STATUS_NAMES.flatMap((from) =>
    ORDER_STATUS_NAMES.filter(
      (to) => !allowed.has(`${from}>${to}`) && !(from === to && (to === 'paid' || to === 'cancelled')),
    ).map((to) => [from, to] as [OrderStatus, OrderStatus]),
  );

  it.each(forbidden)('rejects the move from %s to %s', (from, to) => {
    expect(() => transition(order(from), to, context)).toThrow(OrderStatusError);
  });

  it('names the statuses of order_event.proto as the contract does', () => {
    expect(ORDER_STATUS_NAMES).toEqual(['new', 'awaiting payment', 'failed', 'paid', 'cancelled']);
  });

  it('names the order and both statuses in the error', () => {
    expect(() => transition(order('paid', 9n), 'cancelled', context)).toThrow(
      'order 9 is paid: it cannot become cancelled',
    );
  });
});
