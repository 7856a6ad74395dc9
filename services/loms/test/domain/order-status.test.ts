import { describe, expect, it } from 'vitest';
import { OrderStatusError } from '../../src/domain/errors.ts';
import { ORDER_STATUSES, type OrderStatus, transition } from '../../src/domain/order-status.ts';

const event = { eventId: 'e-1', moment: new Date('2026-11-21T10:00:00.123Z') };

describe('order status transitions', () => {
  it.each([
    ['new', 'awaiting payment'],
    ['new', 'failed'],
    ['awaiting payment', 'paid'],
    ['awaiting payment', 'cancelled'],
  ] as const)('moves an order from %s to %s with an event', (from, to) => {
    const result = transition(7n, from, to, event);
    expect(result).toEqual({
      changed: true,
      status: to,
      event: { eventId: 'e-1', moment: event.moment, orderId: 7n, status: to },
    });
  });

  it.each(['paid', 'cancelled'] as const)(
    'treats a repeated move to %s as a no-op without an event',
    (status) => {
      expect(transition(7n, status, status, event)).toEqual({ changed: false });
    },
  );

  const allowed = new Set([
    'new>awaiting payment',
    'new>failed',
    'awaiting payment>paid',
    'awaiting payment>cancelled',
  ]);
  const forbidden = ORDER_STATUSES.flatMap((from) =>
    ORDER_STATUSES.filter(
      (to) => !allowed.has(`${from}>${to}`) && !(from === to && (to === 'paid' || to === 'cancelled')),
    ).map((to) => [from, to] as [OrderStatus, OrderStatus]),
  );

  it.each(forbidden)('rejects the move from %s to %s', (from, to) => {
    expect(() => transition(7n, from, to, event)).toThrow(OrderStatusError);
  });

  it('names the order and both statuses in the error', () => {
    expect(() => transition(9n, 'paid', 'cancelled', event)).toThrow(
      'order 9 is paid: it cannot become cancelled',
    );
  });
});
