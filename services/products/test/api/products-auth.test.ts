import type { JsonObject } from '@bufbuild/protobuf';
import { startTestTokenIssuer, type TestTokenClaims, type TestTokenIssuer } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, UNAUTHENTICATED } from '../support/expect-error.ts';
import { type ProductMethod, productsTransports } from '../support/products-transports.ts';
import { startTestProducts, type TestProducts } from '../support/test-products.ts';

const PERMISSION_DENIED = 7;

let issuer: TestTokenIssuer;
let t: TestProducts;
beforeAll(async () => {
  issuer = await startTestTokenIssuer();
  t = await startTestProducts({ ...issuer.env(), INGEST_WORKERS: '0' });
  await t.addProducts({ sku: 1n, name: 'Book', price: 100 });
});
afterAll(async () => {
  await t?.stop();
  await issuer?.stop();
});

let lastSku = 70_000;
const fresh = () => String(++lastSku);

/** One call of each changing method, for a sku of its own. */
const writes = (sku: string): Array<[ProductMethod, JsonObject]> => [
  ['createProduct', { product: { sku, name: 'New', price: 5 } }],
  ['updateProduct', { sku: '1', product: { name: 'Book', price: 100 }, updateMask: 'name,price' }],
  ['deleteProduct', { sku }],
  ['ingestEvents', { events: [{ sku, price: 7 }] }],
  ['getIngestBatch', { batchId: '00000000-0000-4000-8000-000000000000' }],
];

describe.each(productsTransports(() => t))('Products with AUTH_MODE=jwt over $name', (api) => {
  const as = (claims: TestTokenClaims) => issuer.bearer(claims);

  it('serves reads to the API key alone, as before', async () => {
    expect(await api.call('getProduct', { sku: '1' })).toMatchObject({
      ok: true,
      json: { product: { sku: '1' } },
    });
    expect(await api.call('batchGetProducts', { skus: ['1'] })).toMatchObject({ ok: true });
    expectError(
      await api.call('getProduct', { sku: '1' }, { 'x-api-key': 'wrong' }),
      UNAUTHENTICATED,
      'invalid X-API-KEY',
    );
  });

  it('refuses changes without an admin token, whatever the API key', async () => {
    const batches = () => t.db.selectFrom('ingest_batches').select('id').execute();
    const before = await batches();
    const customer = await as({ userId: 5 });
    const expired = await as({ userId: 5, role: 'admin', expiresIn: -60 });
    const forged = await as({ userId: 5, role: 'admin', key: await issuer.createKey(issuer.key.kid) });
    for (const [method, request] of writes(fresh())) {
      expectError(await api.call(method, request), UNAUTHENTICATED, /missing access token/);
      expectError(
        await api.call(method, request, { authorization: 'Bearer x' }),
        UNAUTHENTICATED,
        /malformed/,
      );
      expectError(await api.call(method, request, expired), UNAUTHENTICATED, /expired/);
      expectError(await api.call(method, request, forged), UNAUTHENTICATED, /signature is invalid/);
      expect(await api.call(method, request, customer)).toMatchObject({ ok: false, code: PERMISSION_DENIED });
    }
    expect(await api.call('getProduct', { sku: '1' })).toMatchObject({
      ok: true,
      json: { product: { name: 'Book' } },
    });
    expect(await batches()).toEqual(before);
  });

  it('answers a customer 403 naming the admin call', async () => {
    const result = await api.call('deleteProduct', { sku: '1' }, await as({ userId: 5 }));
    expect(result).toMatchObject({
      ok: false,
      code: PERMISSION_DENIED,
      message: 'permission denied: DeleteProduct needs an admin',
    });
    if (!result.ok && result.httpStatus !== undefined) expect(result.httpStatus).toBe(403);
  });

  it('lets an admin create, change, delete and ingest, with or without the API key', async () => {
    const admin = await as({ userId: 1, role: 'admin' });
    const sku = fresh();
    expect(await api.call('createProduct', { product: { sku, name: 'New', price: 5 } }, admin)).toMatchObject(
      {
        ok: true,
        json: { product: { sku, name: 'New', price: 5 } },
      },
    );
    const noKey = { ...admin, 'x-api-key': '' };
    expect(
      await api.call(
        'updateProduct',
        { sku, product: { name: 'Newer', price: 6 }, updateMask: 'name,price' },
        noKey,
      ),
    ).toMatchObject({ ok: true, json: { product: { name: 'Newer', price: 6 } } });
    const batch = await api.call('ingestEvents', { events: [{ sku, price: 7 }] }, admin);
    if (!batch.ok) throw new Error(batch.message);
    expect(await api.call('getIngestBatch', { batchId: batch.json.batchId as string }, admin)).toMatchObject({
      ok: true,
      json: { status: 'pending', total: 1 },
    });
    expect(await api.call('deleteProduct', { sku }, admin)).toEqual({ ok: true, json: {} });
  });

  it('accepts an admin token of a key published after the first JWKS fetch', async () => {
    const rotated = await issuer.createKey();
    const admin = await as({ userId: 1, role: 'admin', key: rotated });
    const sku = fresh();
    const request = { product: { sku, name: 'Rotated', price: 5 } };
    expectError(await api.call('createProduct', request, admin), UNAUTHENTICATED, /unknown key/);
    issuer.publish(rotated);
    await new Promise((resolve) => setTimeout(resolve, 5)); // past JWKS_COOLDOWN
    expect(await api.call('createProduct', request, admin)).toMatchObject({ ok: true });
  });
});
