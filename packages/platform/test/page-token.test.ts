import { describe, expect, it } from 'vitest';
import { decodePageToken, encodePageToken, tokenInt64, tokenMillis } from '../src/page-token.ts';

describe('page tokens', () => {
  it('round-trip their fields, int64 as exact decimal text', () => {
    const token = encodePageToken(['user', 9223372036854775807n, 1_764_000_000_000, 5n]);
    expect(decodePageToken(token, 4)).toEqual(['user', '9223372036854775807', 1_764_000_000_000, '5']);
  });

  it('refuse tokens of another length, of other shapes, padded or re-spelled', () => {
    const token = encodePageToken(['a', 1n]);
    expect(decodePageToken(token, 3)).toBeUndefined();
    expect(decodePageToken(`${token}=`, 2)).toBeUndefined();
    expect(decodePageToken(Buffer.from('["a", "1"]').toString('base64url'), 2)).toBeUndefined();
    expect(decodePageToken(Buffer.from('{"a":1}').toString('base64url'), 1)).toBeUndefined();
    expect(decodePageToken('not base64 json', 2)).toBeUndefined();
  });

  it('read ids and times only in the form a token writes them', () => {
    expect(tokenInt64('9223372036854775807')).toBe(9223372036854775807n);
    for (const bad of ['0', '01', '9223372036854775808', 5, '-1'])
      expect(tokenInt64(bad), String(bad)).toBeUndefined();
    expect(tokenMillis(0)).toBe(0);
    for (const bad of [-1, 1.5, '5', 2 ** 60]) expect(tokenMillis(bad), String(bad)).toBeUndefined();
  });
});
