import { readFile } from 'node:fs/promises';
import { parseJson } from '@marketplace/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStocks } from '../../src/app/seed-stocks.ts';
import { readStockFixture } from '../../src/cli/stock-fixture.ts';
import { createLomsTestDb, type LomsTestDb } from '../support/loms-test-db.ts';

const fixture = new URL('../../../../fixtures/stock-data.json', import.meta.url);
const readFixture = async () => readStockFixture(parseJson(await readFile(fixture, 'utf8')) as unknown[]);
let t: LomsTestDb;

beforeAll(async () => {
  t = await createLomsTestDb();
});
afterAll(() => t.close());

describe('seedStocks with the project fixture', () => {
  it('rejects the row with reserved above total_count by its sku and loads the rest', async () => {
    const { stocks, rejected } = await readFixture();
    expect(rejected).toEqual([
      { row: 8, sku: 139818428, reason: 'reserved (101) exceeds total_count (100)' },
    ]);
    const report = await seedStocks(t.deps, stocks);
    expect(report.inserted).toBe(stocks.length);
    expect(await t.stock(1076963n)).toEqual({ total: 300n, reserved: 35n });
    await expect(t.stock(139818428n)).rejects.toThrow();
  });

  it('keeps live stock when seeded again', async () => {
    await t.db.updateTable('stocks').set({ reserved: 40n }).where('sku', '=', 1076963n).execute();
    const report = await seedStocks(t.deps, (await readFixture()).stocks);
    expect(report.inserted).toBe(0);
    expect(await t.stock(1076963n)).toEqual({ total: 300n, reserved: 40n });
  });
});
