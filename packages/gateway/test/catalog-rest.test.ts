import { Code } from '@connectrpc/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../src/index.ts';
import { CatalogService, serviceWithRule } from './support/catalog-service.ts';
import { createFakeCatalog } from './support/fake-catalog.ts';
import { startServer, type TestServer } from './support/server.ts';

const catalog = createFakeCatalog();
let server: TestServer;

beforeAll(async () => {
  server = await startServer(createGateway({ services: [CatalogService], transport: catalog.transport }));
});
afterAll(() => server.close());

const send = (method: string, path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('path templates and bindings from annotations', () => {
  it('binds a path variable to an int64 field', async () => {
    const res = await send('GET', '/product/1076963');
    expect(await res.json()).toEqual({
      sku: '1076963',
      name: 'product 1076963',
      price: 100,
      status: 'STATUS_UNSPECIFIED',
      tags: [],
      attributes: {},
    });
    expect(catalog.lastRequest()).toEqual({ method: 'GetProduct', json: { sku: '1076963' } });
  });

  it('rejects a path variable that is not a valid value for its field, naming it', async () => {
    const res = await send('GET', '/product/abc');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: Code.InvalidArgument,
      message: 'invalid GetProductRequest.sku: "abc" is not a valid int64',
      details: [],
    });
  });

  it('converts query parameters per field type: bool, enum, repeated, double, nested, timestamp, wrapper', async () => {
    const query =
      'count=10&start_after_sku=3&inStock=true&status=STATUS_ACTIVE&skus=1&skus=2&minRating=4.5' +
      '&filter.namePrefix=ab&filter.max_price=500&createdAfter=2024-01-01T00:00:00Z&limit=7&unknown=ignored';
    expect((await send('GET', `/product?${query}`)).status).toBe(200);
    expect(catalog.lastRequest().json).toEqual({
      count: 10,
      startAfterSku: '3',
      inStock: true,
      status: 'STATUS_ACTIVE',
      skus: ['1', '2'],
      minRating: 4.5,
      filter: { namePrefix: 'ab', maxPrice: 500 },
      createdAfter: '2024-01-01T00:00:00Z',
      limit: 7,
    });
  });

  it('accepts enum numbers and 0/1 booleans in query parameters', async () => {
    await send('GET', '/product?status=2&in_stock=1');
    expect(catalog.lastRequest().json).toEqual({ status: 'STATUS_DELETED', inStock: true });
  });

  it.each([
    ['in_stock=yes', 'invalid ListProductsRequest.in_stock: "yes" is not a valid bool'],
    ['status=STATUS_NOPE', 'invalid ListProductsRequest.status: "STATUS_NOPE" is not a valid Status'],
    ['count=-1', 'invalid ListProductsRequest.count: -1 is not a valid uint32'],
    ['minRating=high', 'invalid ListProductsRequest.min_rating: "high" is not a valid float64'],
    ['createdAfter=yesterday', 'invalid ListProductsRequest.created_after: invalid RFC 3339 string'],
  ])('rejects the query %s naming the field', async (query, message) => {
    const res = await send('GET', `/product?${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(message);
  });

  it('takes the whole body for a custom verb route with body "*"', async () => {
    const res = await send('POST', '/product:batchGet', { skus: ['1', 2] });
    expect(await res.json()).toEqual({ products: [], missing: ['1', '2'] });
  });

  it('puts the body into the named field, the path into its field, and the query into the rest', async () => {
    const res = await send('PATCH', '/product/7?updateMask=name,price&sku=999', {
      name: 'new',
      price: 5,
      sku: '8',
    });
    expect(catalog.lastRequest()).toEqual({
      method: 'UpdateProduct',
      json: { sku: '7', product: { sku: '8', name: 'new', price: 5 }, updateMask: 'name,price' },
    });
    expect(res.status).toBe(200);
  });

  it('serves additional bindings of the same method', async () => {
    await send('PUT', '/product/9', { name: 'put' });
    expect(catalog.lastRequest()).toEqual({
      method: 'UpdateProduct',
      json: { sku: '9', product: { name: 'put' } },
    });
  });

  it('serves DELETE with the id from the path', async () => {
    const res = await send('DELETE', '/product/9');
    expect([res.status, await res.text()]).toEqual([200, '{}']);
    expect(catalog.lastRequest()).toEqual({ method: 'DeleteProduct', json: { sku: '9' } });
  });

  it('binds a multi-segment variable and answers only the response_body field', async () => {
    const res = await send('GET', '/v1/shelves/s1');
    expect(await res.text()).toBe('{"name":"shelves/s1"}');
  });

  it('lists every method of a known path in Allow for a wrong method', async () => {
    const res = await send('POST', '/product/7');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('DELETE, GET, PATCH, PUT');
  });
});

describe('annotations that cannot work', () => {
  it.each([
    [{ get: '/product/{nope}' }, 'path variable "nope" is not a singular scalar field of GetProductRequest'],
    [{ post: '/product', body: 'nope' }, '"nope" is not a field of GetProductRequest'],
    [{ get: '/product', responseBody: 'nope' }, '"nope" is not a field of Product'],
    [{ get: 'product' }, 'must start with "/"'],
  ])('stop the gateway at startup: %j', (rule, message) => {
    const build = () => createGateway({ services: [serviceWithRule(rule)], transport: catalog.transport });
    expect(build).toThrow(message);
  });
});
