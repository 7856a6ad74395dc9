import { describe, expect, it } from 'vitest';
import { orderPageLimit, orderPageTokens } from '../../src/domain/order-page.ts';

const MAX = 9_223_372_036_854_775_807n;
const cursor = { createdAtUs: 1_795_255_200_123_456n, id: 9_007_199_254_740_993n };

describe('order page tokens', () => {
  it('round-trips a cursor exactly, ids beyond 2^53 included', () => {
    const token = orderPageTokens(MAX).encode(cursor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(orderPageTokens(MAX).decode(token)).toEqual(cursor);
  });

  it("refuses another user's token", () => {
    expect(orderPageTokens(8n).decode(orderPageTokens(7n).encode(cursor))).toBeUndefined();
  });

  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    ['not base64 JSON', '!!!'],
    ['empty JSON', encode([])],
    ['another kind', encode(['user', '7', '1', '1'])],
    ['a number as a JSON number', encode(['orders', '7', 1795255200123456, '1'])],
    ['a zero id', encode(['orders', '7', '1', '0'])],
    ['a re-spelled number', encode(['orders', '7', '01', '1'])],
    ['an id beyond int64', encode(['orders', '7', '1', '9223372036854775808'])],
    ['padding', `${orderPageTokens(7n).encode(cursor)}=`],
  ])('refuses %s', (_, token) => {
    expect(orderPageTokens(7n).decode(token)).toBeUndefined();
  });
});

describe('orderPageLimit', () => {
  it('means 20 by 0 and takes other sizes as given', () => {
    expect([orderPageLimit(0), orderPageLimit(1), orderPageLimit(100)]).toEqual([20, 1, 100]);
  });
});
