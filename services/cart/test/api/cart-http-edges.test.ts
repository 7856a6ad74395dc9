import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeLoms,
  type FakeProducts,
  startFakeLoms,
  startFakeProducts,
} from '../support/fake-services.ts';
import { startTestCart, type TestCart } from '../support/test-cart.ts';

const BOOK = 1076963;
let products: FakeProducts;
let loms: FakeLoms;
let cart: TestCart;

beforeAll(async () => {
  products = await startFakeProducts([
    { sku: BigInt(BOOK), name: 'Теория нравственных чувств', price: 3379 },
  ]);
  loms = await startFakeLoms([[BigInt(BOOK), 265]]);
  cart = await startTestCart({ products: products.address, loms: loms.address });
});
afterAll(async () => {
  await cart?.stop();
  await products?.close();
  await loms?.close();
});

const invalid = (message: string) => ({ status: 400, body: { code: 3, message, details: [] } });

describe('bad input', () => {
  it.each([
    ['abc', 'invalid user_id: value must be an integer'],
    ['0', 'invalid user_id: value must be greater than 0'],
    ['-1', 'invalid user_id: value must be greater than 0'],
    ['1.5', 'invalid user_id: value must be an integer'],
    ['0x10', 'invalid user_id: value must be an integer'],
    ['99999999999999999999', 'invalid user_id: value must be less than or equal to 9007199254740991'],
  ])('answers 400 for user_id %s on every route', async (user, message) => {
    for (const answer of [
      await cart.list(user),
      await cart.clear(user),
      await cart.checkout(user),
      await cart.remove(user, BOOK),
      await cart.add(user, BOOK, 1),
    ]) {
      expect(answer).toMatchObject(invalid(message));
    }
  });

  it.each([
    ['0', 'invalid sku: value must be greater than 0'],
    ['-5', 'invalid sku: value must be greater than 0'],
    ['x', 'invalid sku: value must be an integer'],
  ])('answers 400 for sku %s', async (sku, message) => {
    expect(await cart.add(1, sku, 1)).toMatchObject(invalid(message));
    expect(await cart.remove(1, sku)).toMatchObject(invalid(message));
  });

  it.each([
    [0, 'invalid count: value must be greater than 0'],
    [-1, 'invalid count: value must be greater than 0'],
    [4294967296, 'invalid count: value must be less than or equal to 4294967295'],
    [1.5, 'invalid count: value must be an integer'],
    ['many', 'invalid count: value must be an integer'],
    // JSON-schema coercion reads null as 0.
    [null, 'invalid count: value must be greater than 0'],
  ])('answers 400 for count %j', async (count, message) => {
    expect(await cart.add(1, BOOK, count)).toMatchObject(invalid(message));
  });

  it.each([
    ['not json', 'invalid body: not valid JSON'],
    ['{"count":', 'invalid body: not valid JSON'],
    ['', 'invalid body: value must be a JSON object'],
    ['[1]', 'invalid body: value must be a JSON object'],
    ['{}', 'invalid count: value is required'],
  ])('answers 400 for the body %j', async (body, message) => {
    expect(await cart.request('POST', `/user/1/cart/${BOOK}`, body)).toMatchObject(invalid(message));
  });

  it('reads a JSON body whatever its content type, as curl -d sends it', async () => {
    const answer = await cart.request('POST', `/user/77/cart/${BOOK}`, '{"count":1}', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(answer.status).toBe(200);
  });

  it('answers 413 for an oversized body', async () => {
    const answer = await cart.request(
      'POST',
      `/user/1/cart/${BOOK}`,
      `{"count":1,"pad":"${'x'.repeat(20_000)}"}`,
    );
    expect(answer.status).toBe(413);
    expect(answer.body.code).toBe(3);
  });

  it('answers 404 with the error body for unknown routes and methods', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['PUT', '/user/1/cart'],
      ['GET', '/user/1/cart/2/extra'],
    ] as const) {
      expect(await cart.request(method, path)).toMatchObject({
        status: 404,
        body: { code: 5, message: `no route for ${method} ${path}`, details: [] },
      });
    }
  });
});

describe('service routes', () => {
  it('serves Swagger UI at /docs and the OpenAPI document of every cart route', async () => {
    const docs = await cart.request('GET', '/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger-ui');
    const { body } = await cart.request('GET', '/openapi.json');
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths).sort()).toEqual([
      '/checkout/{user_id}',
      '/user/{user_id}/cart',
      '/user/{user_id}/cart/{sku}',
    ]);
    expect(Object.keys(body.paths['/user/{user_id}/cart/{sku}'])).toEqual(['post', 'delete']);
    expect(body.components.schemas.Error.required).toEqual(['code', 'message', 'details']);
  });

  it('answers /healthz and /readyz', async () => {
    expect(await cart.request('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await cart.request('GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
  });

  it('counts requests by route template and status, and calls to other services by method and code', async () => {
    await cart.list(424242);
    await cart.add(424242, BOOK, 1);
    const { text } = await cart.request('GET', '/metrics');
    expect(text).toMatch(
      /http_server_route_duration_seconds_count\{[^}]*method="GET",route="\/user\/:user_id\/cart",status="404"\} [1-9]/,
    );
    expect(text).toMatch(
      /rpc_client_requests_total\{service="marketplace.products.v1.ProductService",method="GetProduct",code="OK"[^}]*\} [1-9]/,
    );
    expect(text).toMatch(
      /rpc_client_requests_total\{service="marketplace.loms.v1.LomsService",method="StocksInfo"/,
    );
  });
});

describe('durability', () => {
  it('keeps every cart across a restart', async () => {
    await cart.add(5150, BOOK, 4);
    await cart.restart();
    expect((await cart.list(5150)).body.items).toEqual([
      { sku: BOOK, name: 'Теория нравственных чувств', count: 4, price: 3379 },
    ]);
  });
});
