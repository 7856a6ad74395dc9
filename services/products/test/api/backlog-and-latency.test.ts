import { Code, createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { ProductService } from '@marketplace/proto/marketplace/products/v1/products_pb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, startTestProducts, type TestProducts } from '../support/test-products.ts';

describe('ingest backlog bound', () => {
  let t: TestProducts;
  beforeAll(async () => {
    // No workers: accepted events stay pending, so the backlog only grows.
    t = await startTestProducts({ INGEST_WORKERS: '0', INGEST_MAX_BACKLOG: '5' });
  });
  afterAll(() => t?.stop());

  const ingest = (count: number) =>
    t.http('/product/events', {
      method: 'POST',
      body: JSON.stringify({ events: Array.from({ length: count }, (_, i) => ({ sku: i + 1, stock: 1 })) }),
    });

  it('answers 503 when the events would exceed the backlog, and accepts up to the bound exactly', async () => {
    const first = await ingest(3);
    expect(first.status).toBe(202);
    const refused = await ingest(3);
    expect([refused.status, refused.body.code]).toEqual([503, Code.Unavailable]);
    expect(refused.body.message).toBe(
      'ingest backlog is full: 3 events waiting, 3 more would exceed 5; retry later',
    );
    expect((await ingest(2)).status).toBe(202);
    const progress = await t.http(`/product/events/${first.body.batchId}`);
    expect(progress.body).toMatchObject({ status: 'pending', total: 3, applied: 0, failed: 0 });
    await expect(
      t.grpc.call('ingestEvents', { events: [{ sku: 1n, stock: 1 }] }, { 'x-api-key': API_KEY }),
    ).rejects.toMatchObject({ code: Code.Unavailable });
  });
});

describe('PRODUCTS_READ_LATENCY', () => {
  let t: TestProducts;
  beforeAll(async () => {
    t = await startTestProducts({ PRODUCTS_READ_LATENCY: '3s' });
    await t.addProducts({ sku: 1n, name: 'n', price: 1 });
  });
  afterAll(() => t?.stop());

  it('delays reads past a client deadline while writes are not delayed', async () => {
    const client = createClient(ProductService, createGrpcTransport({ baseUrl: `http://${t.grpcAddress}` }));
    const headers = { 'x-api-key': API_KEY };
    await expect(client.getProduct({ sku: 1n }, { headers, timeoutMs: 1_000 })).rejects.toMatchObject({
      code: Code.DeadlineExceeded,
    });
    await expect(
      client.batchGetProducts({ skus: [1n] }, { headers, timeoutMs: 1_000 }),
    ).rejects.toMatchObject({ code: Code.DeadlineExceeded });
    const created = await client.createProduct(
      { product: { sku: 2n, name: 'm', price: 2 } },
      { headers, timeoutMs: 2_500 },
    );
    expect(created.product?.sku).toBe(2n);
  });
});
