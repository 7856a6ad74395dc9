import { describe, expect, it } from 'vitest';
import { EVENT_ID_MAX_LENGTH, parseOrderEvent, VALUE_MAX_BYTES } from '../../src/domain/order-event.ts';

const headers = { 'event-id': 'e-1' };
const value = (body: unknown) => Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
const withOrderId = (literal: string) =>
  value(`{"order_id":${literal},"status":"paid","moment":"2026-11-21T10:00:00Z"}`);
const withMoment = (moment: string) => value({ order_id: 5, status: 'paid', moment });

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
    ['9223372036854775807', 9223372036854775807n],
    ['9007199254740993', 9007199254740993n],
    ['9.223372036854775807e18', 9223372036854775807n],
    ['1e3', 1000n],
    ['5.0', 5n],
  ])('reads order_id %s exactly', (literal, orderId) => {
    const parsed = parseOrderEvent(withOrderId(literal), headers);
    expect(parsed).toMatchObject({ ok: true, event: { orderId } });
  });

  it(`accepts an event-id of ${EVENT_ID_MAX_LENGTH} characters, and a moment with an offset`, () => {
    const parsed = parseOrderEvent(withMoment('2028-02-29T23:59:59.5+03:00'), {
      'event-id': 'é'.repeat(EVENT_ID_MAX_LENGTH),
    });
    expect(parsed).toMatchObject({ ok: true, event: { moment: new Date('2028-02-29T20:59:59.500Z') } });
  });

  const good = value({ order_id: 5, status: 'paid', moment: '2026-11-21T10:00:00Z' });
  it.each([
    ['no event-id', good, {}, 'missing event-id header'],
    ['an empty event-id', good, { 'event-id': '' }, 'missing event-id header'],
    [
      'a 3 KB event-id',
      good,
      { 'event-id': 'x'.repeat(3_000) },
      `event-id header is longer than ${EVENT_ID_MAX_LENGTH} characters`,
    ],
    [
      'an event-id with NUL',
      good,
      { 'event-id': 'a\u0000b' },
      'event-id header contains control or non-UTF-8 characters',
    ],
    [
      'an event-id that was not UTF-8',
      good,
      { 'event-id': Buffer.from([0x61, 0xff]).toString('utf8') },
      'event-id header contains control or non-UTF-8 characters',
    ],
    ['no value', null, headers, 'empty value'],
    ['an empty value', Buffer.alloc(0), headers, 'empty value'],
    [
      'a value over the bound',
      value(
        `{"order_id":5,"status":"paid","moment":"2026-11-21T10:00:00Z","pad":"${'x'.repeat(VALUE_MAX_BYTES)}"}`,
      ),
      headers,
      `value is larger than ${VALUE_MAX_BYTES} bytes`,
    ],
    ['text', value('not json {'), headers, 'value is not JSON'],
    ['an array', value('[1]'), headers, 'value is not a JSON object'],
    ['null', value('null'), headers, 'value is not a JSON object'],
    [
      'no order_id',
      value({ status: 'paid', moment: '2026-11-21T10:00:00Z' }),
      headers,
      'order_id is missing',
    ],
    ['order_id null', withOrderId('null'), headers, 'order_id is missing'],
    ['order_id as a string', withOrderId('"5"'), headers, 'order_id must be an integer'],
    [
      'a large order_id as a string',
      withOrderId('"9223372036854775807"'),
      headers,
      'order_id must be an integer',
    ],
    ['order_id 1.5', withOrderId('1.5'), headers, 'order_id must be an integer'],
    [
      'order_id 9223372036854775806.5',
      withOrderId('9223372036854775806.5'),
      headers,
      'order_id must be an integer',
    ],
    ['order_id true', withOrderId('true'), headers, 'order_id must be an integer'],
    ['order_id 0', withOrderId('0'), headers, 'order_id must be greater than 0'],
    ['order_id -5', withOrderId('-5'), headers, 'order_id must be greater than 0'],
    [
      'order_id -9223372036854775808',
      withOrderId('-9223372036854775808'),
      headers,
      'order_id must be greater than 0',
    ],
    ['order_id 2^63', withOrderId('9223372036854775808'), headers, 'order_id is out of the int64 range'],
    ['order_id 1e300', withOrderId('1e300'), headers, 'order_id is out of the int64 range'],
    ['order_id -2^63-1', withOrderId('-9223372036854775809'), headers, 'order_id is out of the int64 range'],
    [
      'an unknown status',
      value({ order_id: 5, status: 'shipped', moment: '2026-11-21T10:00:00Z' }),
      headers,
      'unknown status "shipped"',
    ],
    ['no status', value({ order_id: 5, moment: '2026-11-21T10:00:00Z' }), headers, 'status is missing'],
    [
      'a status that is not text',
      value({ order_id: 5, status: 7, moment: '2026-11-21T10:00:00Z' }),
      headers,
      'unknown status 7',
    ],
    ['a moment in words', withMoment('yesterday'), headers, 'moment must be an RFC 3339 timestamp'],
    [
      'a moment without zone',
      withMoment('2026-11-21T10:00:00'),
      headers,
      'moment must be an RFC 3339 timestamp',
    ],
    ['30 February', withMoment('2026-02-30T10:00:00Z'), headers, 'moment must be an RFC 3339 timestamp'],
    ['29 February 2026', withMoment('2026-02-29T10:00:00Z'), headers, 'moment must be an RFC 3339 timestamp'],
    ['hour 24', withMoment('2026-11-21T24:00:00Z'), headers, 'moment must be an RFC 3339 timestamp'],
    ['month 13', withMoment('2026-13-01T10:00:00Z'), headers, 'moment must be an RFC 3339 timestamp'],
    [
      'a moment as a number',
      withMoment(1 as unknown as string),
      headers,
      'moment must be an RFC 3339 timestamp',
    ],
  ])('rejects %s', (_what, body, hdrs, reason) => {
    expect(parseOrderEvent(body, hdrs)).toEqual({ ok: false, reason });
  });

  it('shortens a long unknown status in the reason', () => {
    const parsed = parseOrderEvent(
      value({ order_id: 5, status: 's'.repeat(500), moment: '2026-11-21T10:00:00Z' }),
      headers,
    );
    expect(parsed).toEqual({ ok: false, reason: `unknown status "${'s'.repeat(63)}...` });
  });
});
