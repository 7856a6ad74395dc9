import { describe, expect, it } from 'vitest';
import {
  codePointLength,
  formatMoment,
  formatPrice,
  parseId,
  parsePositiveInt,
} from '../../src/web/format.ts';

describe('formatPrice', () => {
  it.each([
    [3379, '33.79'],
    [450, '4.50'],
    [5, '0.05'],
    [0, '0.00'],
    [123456789, '1,234,567.89'],
  ])('shows %i minor units as %s', (minor, shown) => {
    expect(formatPrice(minor)).toBe(shown);
  });
});

describe('parsePositiveInt', () => {
  it('accepts whole numbers above 0, spaces around allowed', () => {
    expect(parsePositiveInt('1')).toBe(1);
    expect(parsePositiveInt(' 42 ')).toBe(42);
  });

  it.each(['', '0', '-3', '1.5', '1e3', 'abc', '99999999999999999999'])('refuses "%s"', (text) => {
    expect(parsePositiveInt(text)).toBeUndefined();
  });
});

describe('codePointLength', () => {
  it('counts characters as the comments service does, one per code point', () => {
    expect(codePointLength('界😀a')).toBe(3);
    expect('界😀a'.length).toBe(4);
  });
});

describe('formatMoment', () => {
  it('shows a moment with day, month, year and time', () => {
    expect(formatMoment('2026-11-21T10:00:00.123Z')).toMatch(/^\d{1,2} Nov 2026, \d{2}:\d{2}$/);
  });

  it('keeps text that is not a moment as it is', () => {
    expect(formatMoment('soon')).toBe('soon');
  });
});

describe('parseId', () => {
  it('reads any int64 id above 0 exactly, as decimal text', () => {
    expect(parseId('9223372036854775807')).toBe('9223372036854775807');
    expect(parseId(' 9007199254740993 ')).toBe('9007199254740993');
    expect(parseId('007')).toBe('7');
  });

  it('refuses 0, ids beyond int64 and anything but digits', () => {
    for (const text of ['0', '9223372036854775808', '-1', '1.5', '1e3', '', 'abc', '99999999999999999999']) {
      expect(parseId(text), text).toBeUndefined();
    }
  });
});
