import { describe, expect, it } from 'vitest';
import { parseOrderEvent } from '../../src/domain/order-event.ts';

const headers = { 'event-id': 'e-1' };
const value = (body: unknown) => Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));

describe('parseOrderEvent', () => {
  it('reads the contract event with its id from the event-id header', () => {
    expect(
      parseOrderEvent(
        value({ order_id: 5, status: 'awaiting payment', moment: '2026-11-21T10:00:00.123Z' }),
        headers,
      ),
    ).toEqual({
      ok: true,
      event: {
        eventId: 'e-1',
        orderId: 5n,
        status: 'awaiting payment',
        moment: new Date('2026-11-21T10:00:00.123Z'),
      },
    });
  });

  it.each([
    [value({ order_id: 5, status: 'paid', moment: '2026-11-21T10:00:00Z' }), {}, 'missing event-id header'],
    [null, headers, 'empty value'],
    [value('not json {'), headers, 'value is not JSON'],
    [value('[1]'), headers, 'value is not a JSON object'],
    [
      value({ order_id: '5', status: 'paid', moment: '2026-11-21T10:00:00Z' }),
      headers,
      'order_id must be a positive integer',
    ],
    [
      value({ order_id: 0, status: 'paid', moment: '2026-11-21T10:00:00Z' }),
      headers,
      'order_id must be a positive integer',
    ],
    [
      value({ order_id: 5, status: 'shipped', moment: '2026-11-21T10:00:00Z' }),
      headers,
      'unknown status "shipped"',
    ],
    [
      value({ order_id: 5, status: 'paid', moment: 'yesterday' }),
      headers,
      'moment must be an RFC 3339 timestamp',
    ],
  ])('rejects %s (%j) because of: %s', (body, hdrs, reason) => {
    expect(parseOrderEvent(body, hdrs)).toEqual({ ok: false, reason });
  });
});
