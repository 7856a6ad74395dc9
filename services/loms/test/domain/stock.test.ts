import { describe, expect, it } from 'vitest';
import { mergeItems } from '../../src/domain/order.ts';
import {
  findShortage,
  mergeStockChanges,
  planRelease,
  planReservation,
  planSale,
  type Stock,
} from '../../src/domain/stock.ts';

const stocks = (...rows: Array<[bigint, bigint, bigint]>) =>
  new Map<bigint, Stock>(rows.map(([sku, totalCount, reserved]) => [sku, { sku, totalCount, reserved }]));

describe('mergeItems', () => {
  it('sums the same sku and sorts by sku', () => {
    expect(
      mergeItems([
        { sku: 30n, count: 1n },
        { sku: 10n, count: 2n },
        { sku: 30n, count: 4n },
      ]),
    ).toEqual([
      { sku: 10n, count: 2n },
      { sku: 30n, count: 5n },
    ]);
  });
});

describe('findShortage and planReservation', () => {
  it('finds no shortage when every item is available, up to exactly the available count, and reserves them', () => {
    const items = [
      { sku: 1n, count: 5n },
      { sku: 2n, count: 1n },
    ];
    expect(findShortage(items, stocks([1n, 10n, 5n], [2n, 1n, 0n]))).toBeUndefined();
    expect(planReservation(items)).toEqual([
      { sku: 1n, reservedDelta: 5n, totalDelta: 0n },
      { sku: 2n, reservedDelta: 1n, totalDelta: 0n },
    ]);
  });

  it('names the sku that is short', () => {
    const shortage = findShortage(
      [
        { sku: 1n, count: 1n },
        { sku: 2n, count: 2n },
      ],
      stocks([1n, 10n, 0n], [2n, 3n, 2n]),
    );
    expect(shortage).toBe('insufficient stock for sku 2: 1 available, 2 requested');
  });

  it('names a sku without stock', () => {
    expect(findShortage([{ sku: 3n, count: 1n }], stocks())).toBe('no stock for sku 3');
  });
});

describe('stock effects of paying and cancelling', () => {
  const items = [{ sku: 1n, count: 2n }];
  it('turns a reservation into a sale when paid', () => {
    expect(planSale(items)).toEqual([{ sku: 1n, reservedDelta: -2n, totalDelta: -2n }]);
  });
  it('releases the reservation when cancelled', () => {
    expect(planRelease(items)).toEqual([{ sku: 1n, reservedDelta: -2n, totalDelta: 0n }]);
  });
});

describe('mergeStockChanges', () => {
  it('sums the changes of each sku into one, sorted by sku', () => {
    const changes = [
      ...planRelease([{ sku: 9n, count: 2n }]),
      ...planRelease([
        { sku: 3n, count: 1n },
        { sku: 9n, count: 5n },
      ]),
      ...planSale([{ sku: 3n, count: 4n }]),
    ];
    expect(mergeStockChanges(changes)).toEqual([
      { sku: 3n, reservedDelta: -5n, totalDelta: -4n },
      { sku: 9n, reservedDelta: -7n, totalDelta: 0n },
    ]);
  });

  it('leaves the changes it was given untouched', () => {
    const changes = planRelease([
      { sku: 1n, count: 1n },
      { sku: 1n, count: 2n },
    ]);
    mergeStockChanges(changes);
    expect(changes[0]).toEqual({ sku: 1n, reservedDelta: -1n, totalDelta: 0n });
  });
});
