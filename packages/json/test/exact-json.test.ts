import { describe, expect, it } from 'vitest';
import { parseJson, protectLargeNumbers, readInt64, stringifyJson } from '../src/exact-json.ts';

describe('parseJson', () => {
  it('keeps integers beyond 2^53 exact as strings of their digits', () => {
    const parsed = parseJson(
      '{"user_id":9223372036854775807,"sku":9007199254740993,"neg":-9223372036854775808}',
    );
    expect(parsed).toEqual({
      user_id: '9223372036854775807',
      sku: '9007199254740993',
      neg: '-9223372036854775808',
    });
  });

  it('leaves numbers a double holds exactly as numbers', () => {
    expect(parseJson('{"a":9007199254740991,"b":-3,"c":1.5,"d":0,"e":2e3}')).toEqual({
      a: 9007199254740991,
      b: -3,
      c: 1.5,
      d: 0,
      e: 2000,
    });
  });

  it('protects large literals with a fraction or exponent, which could hide a rounded integer', () => {
    expect(parseJson('[9007199254740993.0, 1e30]')).toEqual(['9007199254740993.0', '1e30']);
  });

  it('does not touch digits inside strings, escaped quotes included', () => {
    const text = '{"note":"id \\"12345678901234567890\\" here","n":12345678901234567890}';
    expect(parseJson(text)).toEqual({ note: 'id "12345678901234567890" here', n: '12345678901234567890' });
  });

  it('leaves malformed numbers malformed, so JSON.parse still refuses them', () => {
    for (const text of [
      '{"a":012345678901234567890}',
      '{"a":--12345678901234567890}',
      '[1.]',
      '{"a":12345678901234567890x}',
    ]) {
      expect(() => parseJson(text), text).toThrow(SyntaxError);
    }
  });

  it('refuses nesting deeper than 64 levels before parsing, brackets inside strings aside', () => {
    expect(() => parseJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toThrow(/deeper than 64/);
    expect(parseJson(`${'['.repeat(64)}${']'.repeat(64)}`)).toBeDefined();
    expect(parseJson(`{"a":"${'['.repeat(1000)}"}`)).toEqual({ a: '['.repeat(1000) });
  });

  it('refuses an object that names a key twice, however the key is written, naming it', () => {
    expect(() => parseJson('{"orderId":"1","orderId":"2"}')).toThrow(
      'JSON object has the key "orderId" twice',
    );
    expect(() => parseJson('{"a":1, "\\u0061" :2}')).toThrow('JSON object has the key "a" twice');
    expect(() => parseJson('{"x":{"k":1},"y":[{"k":1,"k":2}]}')).toThrow('"k" twice');
  });

  it('takes the same key in different objects, and key-like strings in values and arrays, as distinct', () => {
    expect(parseJson('{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}],"c":["a","a"],"d":"a"}')).toEqual({
      a: { a: { a: 1 } },
      b: [{ a: 1 }, { a: 2 }],
      c: ['a', 'a'],
      d: 'a',
    });
    expect(parseJson('{"a:":1,"a":2}')).toEqual({ 'a:': 1, a: 2 });
  });

  it('returns the same text when nothing needs protecting', () => {
    const text = '{"a":[1,2,3],"b":"x"}';
    expect(protectLargeNumbers(text)).toBe(text);
  });
});

describe('stringifyJson', () => {
  it('writes bigints as exact JSON numbers', () => {
    expect(
      stringifyJson({ sku: 9223372036854775807n, items: [{ n: 1n }], name: 'a"b', skip: undefined }),
    ).toBe('{"sku":9223372036854775807,"items":[{"n":1}],"name":"a\\"b"}');
  });

  it('writes what JSON.stringify writes for plain data', () => {
    const value = { a: [1, null, 'x', true], b: { c: 1.5 }, d: new Date(0) };
    expect(stringifyJson(value)).toBe(JSON.stringify(value));
  });

  it('round-trips random int63 values through parseJson exactly', () => {
    for (let i = 0; i < 1000; i++) {
      const id = BigInt.asUintN(
        63,
        (BigInt(Math.floor(Math.random() * 2 ** 32)) << 31n) ^ BigInt(Math.floor(Math.random() * 2 ** 31)),
      );
      const back = parseJson(stringifyJson({ id })) as { id: unknown };
      expect(readInt64(back.id)).toBe(id);
    }
  });
});

describe('readInt64', () => {
  it('reads numbers, decimal strings and bigints in the int64 range', () => {
    expect(readInt64(5)).toBe(5n);
    expect(readInt64('9223372036854775807')).toBe(9223372036854775807n);
    expect(readInt64('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(readInt64(7n)).toBe(7n);
  });

  it('refuses values outside int64, non-integers and non-decimal text', () => {
    for (const value of ['9223372036854775808', 1.5, '1e3', '0x10', ' 1', '', null, true, 2 ** 60, '01']) {
      expect(readInt64(value), String(value)).toBeUndefined();
    }
  });
});
