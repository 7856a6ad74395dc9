import { parseJson, readInt64 } from '@marketplace/platform';
import { orderEventMoment, orderStatusName, readOrderEventJson } from '@marketplace/platform/order-event';
import { describe, expect, it } from 'vitest';
import { orderEventKey, orderEventPayload } from '../../src/infra/order-event-message.ts';

describe('order event encoding', () => {
  const event = {
    eventId: 'e',
    orderId: 5n,
    status: 'awaiting payment' as const,
    moment: new Date('2026-11-21T10:00:00.123Z'),
  };

  it('writes exactly the contract fields in order, with millisecond moment', () => {
    expect(orderEventPayload(event)).toBe(
      '{"order_id":5,"status":"awaiting payment","moment":"2026-11-21T10:00:00.123Z"}',
    );
  });

  it('writes an order id beyond 2^53 as the exact JSON number', () => {
    const payload = orderEventPayload({ ...event, orderId: 9223372036854775807n });
    expect(payload).toBe(
      '{"order_id":9223372036854775807,"status":"awaiting payment","moment":"2026-11-21T10:00:00.123Z"}',
    );
    expect(readInt64((parseJson(payload) as { order_id: unknown }).order_id)).toBe(9223372036854775807n);
  });

  it("writes what the shared reader (the notifier's) reads back as the same event", () => {
    const read = readOrderEventJson(orderEventPayload({ ...event, orderId: 9223372036854775807n }));
    if (!read.ok) throw new Error(read.reason);
    expect([read.event.orderId, orderStatusName(read.event), orderEventMoment(read.event)]).toEqual([
      9223372036854775807n,
      'awaiting payment',
      event.moment,
    ]);
  });

  it('keys the event by the decimal order id', () => {
    expect(orderEventKey(event)).toBe('5');
  });
});
