import { parseJson } from '@marketplace/platform';
import { describe, expect, it } from 'vitest';
import { readStockFixture, readStockRow } from '../../src/cli/stock-fixture.ts';

describe('readStockRow', () => {
  const read = (text: string) => readStockRow(parseJson(text));

  it('reads a consistent row', () => {
    expect(read('{"sku": 1, "total_count": 10, "reserved": 10}')).toEqual({
      ok: true,
      stock: { sku: 1n, totalCount: 10n, reserved: 10n },
    });
  });
  it('reads skus and counts beyond 2^53 exactly', () => {
    expect(
      read('{"sku": 9223372036854775807, "total_count": 9007199254740993, "reserved": 9007199254740993}'),
    ).toEqual({
      ok: true,
      stock: { sku: 9223372036854775807n, totalCount: 9007199254740993n, reserved: 9007199254740993n },
    });
  });
  it('rejects reserved above total_count, naming both', () => {
    expect(read('{"sku": 1, "total_count": 100, "reserved": 101}')).toEqual({
      ok: false,
      reason: 'reserved (101) exceeds total_count (100)',
    });
    expect(read('{"sku": 1, "total_count": 9007199254740992, "reserved": 9007199254740993}')).toEqual({
      ok: false,
      reason: 'reserved (9007199254740993) exceeds total_count (9007199254740992)',
    });
  });
  it.each([
    ['{"sku": 0, "total_count": 1, "reserved": 0}', 'sku must be a positive integer'],
    ['{"sku": 1.5, "total_count": 1, "reserved": 0}', 'sku must be a positive integer'],
    ['{"sku": 9223372036854775808, "total_count": 1, "reserved": 0}', 'sku must be a positive integer'],
    ['{"total_count": 1, "reserved": 0}', 'sku must be a positive integer'],
    ['[1]', 'sku must be a positive integer'],
    ['{"sku": 1, "total_count": -1, "reserved": 0}', 'total_count must be a non-negative integer'],
    ['{"sku": 1, "total_count": 1}', 'reserved must be a non-negative integer'],
  ])('rejects %s', (text, reason) => {
    expect(read(text)).toEqual({ ok: false, reason });
  });
});

describe('readStockFixture', () => {
  it('keeps the valid rows and names each invalid one by position and sku', () => {
    const rows = parseJson(
      '[{"sku": 1, "total_count": 10, "reserved": 0}, {"sku": 2, "total_count": 1, "reserved": 2}]',
    ) as unknown[];
    expect(readStockFixture(rows)).toEqual({
      stocks: [{ sku: 1n, totalCount: 10n, reserved: 0n }],
      rejected: [{ row: 1, sku: 2, reason: 'reserved (2) exceeds total_count (1)' }],
    });
  });
});
