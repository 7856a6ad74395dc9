import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setStock } from '../../src/app/set-stock.ts';
import { StaleFencingTokenError, StockBelowReservedError } from '../../src/domain/errors.ts';
import { createLomsTestDb, type LomsTestDb } from '../support/loms-test-db.ts';

let t: LomsTestDb;
beforeAll(async () => {
  t = await createLomsTestDb();
});
afterAll(() => t.close());

describe('setStock with a fencing token', () => {
  it('refuses a token older than the newest applied to the sku and keeps the newer stock', async () => {
    await setStock(t.deps, 701n, 10n, 5n);
    await expect(setStock(t.deps, 701n, 3n, 4n)).rejects.toThrow(StaleFencingTokenError);
    await expect(setStock(t.deps, 701n, 3n, 4n)).rejects.toThrow(/fencing token 4 is older/);
    expect(await t.stock(701n)).toEqual({ total: 10n, reserved: 0n });
  });

  it('accepts the same token again and a newer one, and fences per sku', async () => {
    await setStock(t.deps, 702n, 10n, 7n);
    await setStock(t.deps, 702n, 11n, 7n);
    await setStock(t.deps, 702n, 12n, 8n);
    await setStock(t.deps, 703n, 1n, 2n);
    expect(await t.stock(702n)).toEqual({ total: 12n, reserved: 0n });
    expect(await t.stock(703n)).toEqual({ total: 1n, reserved: 0n });
  });

  it('leaves a StockSet without a token as it was: applied whatever token the sku has seen', async () => {
    await setStock(t.deps, 704n, 10n, 9n);
    await setStock(t.deps, 704n, 4n);
    expect(await t.stock(704n)).toEqual({ total: 4n, reserved: 0n });
    await expect(setStock(t.deps, 704n, 5n, 8n)).rejects.toThrow(StaleFencingTokenError);
  });

  it('still refuses a total below what is reserved, with or without a token', async () => {
    await t.addStock(705n, 10n, 6n);
    await expect(setStock(t.deps, 705n, 5n, 1n)).rejects.toThrow(StockBelowReservedError);
    await expect(setStock(t.deps, 705n, 5n)).rejects.toThrow(StockBelowReservedError);
  });
});
