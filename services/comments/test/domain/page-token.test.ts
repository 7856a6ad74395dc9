import { describe, expect, it } from 'vitest';
import { skuPageTokens } from '../../src/domain/page-token.ts';

const cursor = { createdAt: new Date('2026-11-21T10:00:00.123Z'), userId: 42n, id: 9_007_199_254_740_993n };
const token = (fields: unknown) => Buffer.from(JSON.stringify(fields)).toString('base64url');

describe('page tokens', () => {
  it('give back the cursor they were made from, for the same sku', () => {
    const text = skuPageTokens(2n).encode(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(skuPageTokens(2n).decode(text)).toEqual(cursor);
  });

  it("refuse another sku's token", () => {
    expect(skuPageTokens(3n).decode(skuPageTokens(2n).encode(cursor))).toBeUndefined();
  });

  it.each([
    ['not base64 JSON', 'not a token'],
    ['a JSON object', token({ sku: '2' })],
    ['too few fields', token(['2', 1, '42'])],
    ['a numeric id', token(['2', 1, 42, '7'])],
    ['an id of zero', token(['2', 1, '42', '0'])],
    ['an id beyond int64', token(['2', 1, '42', '9223372036854775808'])],
    ['a negative time', token(['2', -1, '42', '7'])],
    ['a fractional time', token(['2', 1.5, '42', '7'])],
    ['padding', `${skuPageTokens(2n).encode(cursor)}=`],
  ])('refuse %s', (_, text) => {
    expect(skuPageTokens(2n).decode(text)).toBeUndefined();
  });
});
