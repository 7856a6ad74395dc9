import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, startTestProducts, type TestProducts } from '../support/test-products.ts';

let t: TestProducts;
beforeAll(async () => {
  t = await startTestProducts();
  await t.addProducts({ sku: 1076963n, name: 'Теория нравственных чувств | Смит Адам', price: 3379 });
});
afterAll(() => t?.stop());

const send = (method: string, path: string, body?: string) => t.http(path, { method, body });

describe('REST JSON of products', () => {
  it('answers the contract JSON exactly: int64 as strings, the product alone for GET /product/{sku}', async () => {
    const res = await send('GET', '/product/1076963');
    expect(res.text).toBe('{"sku":"1076963","name":"Теория нравственных чувств | Смит Адам","price":3379}');
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const page = await send('GET', '/product?count=1&start_after_sku=1076962');
    expect(page.text).toBe(
      '{"products":[{"sku":"1076963","name":"Теория нравственных чувств | Смит Адам","price":3379}],"nextStartAfterSku":"0"}',
    );
    expect((await send('POST', '/product:batchGet', '{"skus":[5]}')).text).toBe(
      '{"products":[],"missing":["5"]}',
    );
  });

  it('creates with POST /product and answers 201 with the product; accepts int64 as a number', async () => {
    const res = await send('POST', '/product', '{"sku":501,"name":"Mug","price":700}');
    expect([res.status, res.text]).toEqual([201, '{"sku":"501","name":"Mug","price":700}']);
  });

  it('documents the real success statuses: 201 for CreateProduct, 202 for IngestEvents', async () => {
    const { body } = await send('GET', '/openapi.json');
    expect(Object.keys(body.paths['/product'].post.responses)).toContain('201');
    expect(Object.keys(body.paths['/product/events'].post.responses)).toContain('202');
    expect(Object.keys(body.paths['/product/{sku}'].get.responses)).toContain('200');
  });

  it('PATCH changes only the fields in the body, in camelCase or snake_case; PUT replaces both', async () => {
    await send('POST', '/product', '{"sku":"502","name":"Kettle","price":2500}');
    expect((await send('PATCH', '/product/502', '{"price":2400}')).body).toEqual({
      sku: '502',
      name: 'Kettle',
      price: 2400,
    });
    expect((await send('PATCH', '/product/502', '{"name":"Kettle 2"}')).body).toEqual({
      sku: '502',
      name: 'Kettle 2',
      price: 2400,
    });
    expect((await send('PATCH', '/product/502', '{"sku":"502","price":2300}')).body).toMatchObject({
      name: 'Kettle 2',
      price: 2300,
    });
    const missingName = await send('PUT', '/product/502', '{"price":2000}');
    expect(missingName.status).toBe(400);
    expect(missingName.body.message).toBe(
      'invalid UpdateProductRequest.product.name: value must be at least 1 characters',
    );
    expect((await send('PUT', '/product/502', '{"name":"Teapot","price":2000}')).body).toEqual({
      sku: '502',
      name: 'Teapot',
      price: 2000,
    });
  });

  it('PATCH with an explicit update_mask query changes only those fields', async () => {
    await send('POST', '/product', '{"sku":"503","name":"Pen","price":100}');
    const res = await send('PATCH', '/product/503?update_mask=name', '{"name":"Pencil","price":1}');
    expect(res.body).toEqual({ sku: '503', name: 'Pencil', price: 100 });
  });

  it('rejects a mask naming no product field, over REST and gRPC', async () => {
    const message = 'invalid UpdateProductRequest.update_mask: unknown field(s) colour; allowed: name, price';
    const res = await send('PATCH', '/product/1076963?update_mask=colour', '{"name":"x"}');
    expect([res.status, res.body.message]).toEqual([400, message]);
    await expect(
      t.grpc.call(
        'updateProduct',
        { sku: 1076963n, product: { name: 'x' }, updateMask: { paths: ['colour'] } },
        { 'x-api-key': API_KEY },
      ),
    ).rejects.toMatchObject({ code: 3, details: message });
  });

  it('DELETE answers {} and the product is 404 with the contract body afterwards', async () => {
    await send('POST', '/product', '{"sku":"504","name":"Cup","price":100}');
    expect((await send('DELETE', '/product/504')).text).toBe('{}');
    const res = await send('GET', '/product/504');
    expect([res.status, res.body]).toEqual([404, { code: 5, message: 'product 504 not found', details: [] }]);
  });

  it('answers IngestEvents with 202 and the batch id, and shows its progress', async () => {
    const res = await send('POST', '/product/events', '{"events":[{"sku":"1076963","price":3380}]}');
    expect(res.status).toBe(202);
    expect(res.text).toMatch(/^\{"batchId":"[0-9a-f-]{36}"\}$/);
    const progress = await send('GET', `/product/events/${res.body.batchId}`);
    expect(progress.status).toBe(200);
    expect(Object.keys(progress.body)).toEqual(
      expect.arrayContaining(['batchId', 'status', 'total', 'applied', 'failed', 'acceptedAt', 'errors']),
    );
    expect(progress.body.total).toBe(1);
  });
});

describe('bad input is answered 4xx, never 500', () => {
  it.each([
    ['malformed JSON', '/product', '{"sku": 1, "name": '],
    ['a word where an int64 is expected', '/product', '{"sku":"one","name":"n","price":1}'],
    ['a price too large for uint32', '/product', '{"sku":1,"name":"n","price":99999999999}'],
    ['a negative price', '/product', '{"sku":1,"name":"n","price":-1}'],
    ['events that are not a list', '/product/events', '{"events":"many"}'],
    ['a stock too large for uint32', '/product/events', '{"events":[{"sku":1,"stock":5000000000}]}'],
  ])('rejects %s with 400 and code 3', async (_, path, body) => {
    const res = await send('POST', path, body);
    expect([res.status, res.body.code]).toEqual([400, 3]);
  });

  it('rejects a sku in the path that is not a number, naming it', async () => {
    const res = await send('GET', '/product/abc');
    expect([res.status, res.body.message]).toEqual([
      400,
      'invalid GetProductRequest.sku: "abc" is not a valid int64',
    ]);
  });
});

describe('operations endpoints', () => {
  it('serves health, metrics, docs and the OpenAPI document without an API key', async () => {
    const open = { headers: { 'x-api-key': '' } };
    for (const path of ['/healthz', '/readyz', '/metrics', '/docs', '/openapi.json'])
      expect([path, (await t.http(path, open)).status]).toEqual([path, 200]);
    const openapi = await t.http('/openapi.json', open);
    expect(Object.keys(openapi.body.paths).sort()).toEqual([
      '/product',
      '/product/events',
      '/product/events/{batch_id}',
      '/product/{sku}',
      '/product:batchGet',
    ]);
    expect(Object.keys(openapi.body.paths['/product/{sku}']).sort()).toEqual([
      'delete',
      'get',
      'patch',
      'put',
    ]);
    const metrics = await t.http('/metrics', open);
    expect(metrics.text).toMatch(/rpc_server_requests_total\{[^}]*method="GetProduct"[^}]*code="OK"/);
    expect(metrics.text).toMatch(/db_pool_connections_in_use\{[^}]*database="products"/);
  });
});
