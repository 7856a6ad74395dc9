import { type LomsProcess, startLomsProcess } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProducts, type TestProducts } from '../support/test-products.ts';
import { waitForBatch } from '../support/wait-for-batch.ts';

let loms: LomsProcess;
let t: TestProducts;

beforeAll(async () => {
  loms = await startLomsProcess();
  t = await startTestProducts({ LOMS_GRPC_ADDRESS: loms.grpcAddress, INGEST_WORKERS: '2' });
  await t.addProducts(
    { sku: 1076963n, name: 'Book', price: 3379 },
    { sku: 1148162n, name: 'Dripper', price: 1290 },
    { sku: 1625903n, name: 'Notebook', price: 450 },
  );
}, 120_000);
afterAll(async () => {
  await t?.stop();
  await loms?.stop();
});

async function ingest(events: unknown[]) {
  const res = await t.http('/product/events', { method: 'POST', body: JSON.stringify({ events }) });
  expect(res.status).toBe(202);
  const batchId = res.body.batchId as string;
  return waitForBatch(async () => (await t.http(`/product/events/${batchId}`)).body);
}

describe('ingested events reach the catalogue and a real LOMS', () => {
  it('sets stock in LOMS with StockSet and prices in the catalogue, the last event of a sku winning', async () => {
    const batch = await ingest([
      { sku: 1076963, stock: 300, price: 3400 },
      { sku: 1148162, stock: 10 },
      { sku: 1076963, stock: 250 },
      { sku: 1625903, price: 460 },
    ]);
    expect(batch).toMatchObject({ status: 'done', total: 4, applied: 4, failed: 0, errors: [] });
    expect(batch.finishedAt).toEqual(expect.any(String));
    expect(await loms.stockInfo(1076963)).toBe(250);
    expect(await loms.stockInfo(1148162)).toBe(10);
    expect(await loms.stockInfo(1625903)).toBeUndefined();
    const prices = await t.http('/product:batchGet', {
      method: 'POST',
      body: '{"skus":[1076963,1148162,1625903]}',
    });
    expect(prices.body.products.map((p: { price: number }) => p.price)).toEqual([3400, 1290, 460]);
  });

  it('fails an event LOMS refuses (stock below reserved) without applying its price, and applies the rest', async () => {
    await loms.stockSet(1148162, 10);
    await loms.createOrder(1148162, 6);
    const batch = await ingest([
      { sku: 1148162, stock: 5, price: 1 },
      { sku: 1148162, stock: 8 },
      { sku: 999, stock: 1 },
    ]);
    expect(batch).toMatchObject({ status: 'failed', total: 3, applied: 1, failed: 2 });
    expect(batch.errors).toEqual([
      expect.stringMatching(/^event 0 \(sku 1148162\): LOMS refused stock for sku 1148162: .*reserved/),
      'event 2 (sku 999): product 999 not found',
    ]);
    expect(await loms.stockInfo(1148162)).toBe(2); // total 8, 6 reserved
    expect(await loms.stockInfo(999)).toBeUndefined();
    expect((await t.http('/product/1148162')).body.price).toBe(1290);
  });
});
