import {
  type LomsProcess,
  startLomsProcess,
  startTestTokenIssuer,
  type TestTokenIssuer,
} from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProducts, type TestProducts } from '../support/test-products.ts';
import { waitForBatch } from '../support/wait-for-batch.ts';

let issuer: TestTokenIssuer;
let loms: LomsProcess;
let t: TestProducts;

beforeAll(async () => {
  issuer = await startTestTokenIssuer();
  loms = await startLomsProcess({
    env: { ...issuer.env(), USERS_CHECK: 'off', SERVICE_API_KEYS: 'products-key' },
  });
  t = await startTestProducts({
    ...issuer.env(),
    LOMS_GRPC_ADDRESS: loms.grpcAddress,
    LOMS_API_KEY: 'products-key',
    INGEST_WORKERS: '1',
  });
  await t.addProducts({ sku: 1076963n, name: 'Book', price: 3379 });
}, 120_000);
afterAll(async () => {
  await t?.stop();
  await loms?.stop();
  await issuer?.stop();
});

describe('ingest with AUTH_MODE=jwt in products and LOMS', () => {
  it("sets stock in LOMS under products' own key, once an admin has sent the batch", async () => {
    const admin = await issuer.bearer({ userId: 1, role: 'admin' });
    const body = JSON.stringify({ events: [{ sku: 1076963, stock: 42, price: 3500 }] });
    const accepted = await t.http('/product/events', { method: 'POST', body, headers: admin });
    expect(accepted.status).toBe(202);
    const batch = await waitForBatch(
      async () => (await t.http(`/product/events/${accepted.body.batchId}`, { headers: admin })).body,
    );
    expect(batch).toMatchObject({ status: 'done', applied: 1, failed: 0 });
    expect(await loms.stockInfo(1076963)).toBe(42);
  });
});
