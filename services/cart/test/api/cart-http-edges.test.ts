import net from 'node:net';
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
    ['9223372036854775808', 'invalid user_id: value must be less than or equal to 9223372036854775807'],
    ['99999999999999999999', 'invalid user_id: value must be less than or equal to 9223372036854775807'],
    ['-9223372036854775809', 'invalid user_id: value must be greater than 0'],
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
    ['-1', 'invalid sku: value must be greater than 0'],
    ['-5', 'invalid sku: value must be greater than 0'],
    ['x', 'invalid sku: value must be an integer'],
    ['abc', 'invalid sku: value must be an integer'],
    ['1e3', 'invalid sku: value must be an integer'],
    ['9223372036854775808', 'invalid sku: value must be less than or equal to 9223372036854775807'],
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
    // Nothing is coerced: null, booleans and arrays are not counts.
    [null, 'invalid count: value must be an integer'],
    [true, 'invalid count: value must be an integer'],
    [[1], 'invalid count: value must be an integer'],
    [{ n: 1 }, 'invalid count: value must be an integer'],
  ])('answers 400 for count %j', async (count, message) => {
    expect(await cart.add(1, BOOK, count)).toMatchObject(invalid(message));
  });

  it.each([
    ['9007199254740993', 'invalid count: value must be less than or equal to 4294967295'],
    ['18446744073709551616', 'invalid count: value must be less than or equal to 4294967295'],
    ['1e400', 'invalid count: value must be less than or equal to 4294967295'],
    ['-1e400', 'invalid count: value must be greater than 0'],
    ['-9223372036854775808', 'invalid count: value must be greater than 0'],
  ])('answers 400 for the count literal %s, which a double cannot hold', async (count, message) => {
    expect(await cart.request('POST', `/user/1/cart/${BOOK}`, `{"count":${count}}`)).toMatchObject(
      invalid(message),
    );
  });

  it('reads a count sent as a string of digits, as protobuf JSON clients send numbers', async () => {
    expect((await cart.request('POST', `/user/78/cart/${BOOK}`, '{"count":"2"}')).status).toBe(200);
    expect((await cart.list(78)).body.items[0].count).toBe(2);
  });

  it.each([
    ['not json', 'invalid body: not valid JSON'],
    ['{"count":', 'invalid body: not valid JSON'],
    ['', 'invalid body: value must be a JSON object'],
    ['[1]', 'invalid body: value must be a JSON object'],
    ['{}', 'invalid count: value is required'],
    ['{"count":1,}', 'invalid body: not valid JSON'],
    ['"count"', 'invalid body: value must be a JSON object'],
    ['null', 'invalid body: value must be a JSON object'],
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
      `{"count":1,"pad":"${'x'.repeat(70_000)}"}`,
    );
    expect(answer.status).toBe(413);
    expect(answer.body.code).toBe(8);
  });

  it('answers 400 naming the key for a body that names a key twice', async () => {
    expect(await cart.request('POST', `/user/1/cart/${BOOK}`, '{"count":1,"count":1000}')).toMatchObject(
      invalid('invalid body: JSON object has the key "count" twice'),
    );
  });

  it('answers 400 for deeply nested JSON, whole or inside an ignored field, and never 500', async () => {
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    for (const body of [
      deep,
      `{"count":1,"x":${deep}}`,
      `{"count":1,"x":${'{"a":'.repeat(17)}1${'}'.repeat(17)}}`,
    ])
      expect(await cart.request('POST', `/user/1/cart/${BOOK}`, body)).toMatchObject(
        invalid('invalid body: JSON nested deeper than 16 levels'),
      );
    // Brackets inside strings do not count; a shallow body with them is read.
    const answer = await cart.request(
      'POST',
      `/user/79/cart/${BOOK}`,
      `{"count":1,"note":"${'['.repeat(100)}"}`,
    );
    expect(answer.status).toBe(200);
  });

  it('answers 400 for a body that is not UTF-8 JSON, e.g. binary', async () => {
    const answer = await cart.request('POST', `/user/1/cart/${BOOK}`, '\u0000\u00ff{', {
      'content-type': 'application/octet-stream',
    });
    expect(answer).toMatchObject(invalid('invalid body: not valid JSON'));
  });

  it('answers 400 for bytes that are not UTF-8, even inside a field it ignores', async () => {
    const body = Buffer.concat([Buffer.from('{"count":1,"x":"'), Buffer.from([0xff]), Buffer.from('"}')]);
    const answer = await fetch(`${cart.base()}/user/1/cart/${BOOK}`, { method: 'POST', body });
    expect([answer.status, await answer.json()]).toEqual([
      400,
      { code: 3, message: 'invalid body: not valid UTF-8', details: [] },
    ]);
  });

  it('answers a request cut off by the read timeout in its error format', async () => {
    const slow = await startTestCart(
      { products: products.address, loms: loms.address },
      { READ_TIMEOUT: '300ms', HEADERS_TIMEOUT: '300ms' },
    );
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(new URL(slow.base()).port), '127.0.0.1');
        let text = '';
        socket.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
        socket.write(`POST /user/1/cart/${BOOK} HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{"count":`);
      });
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      expect(answer.slice(answer.indexOf('\r\n\r\n') + 4)).toBe(
        '{"code":4,"message":"request not received within the read timeout","details":[]}',
      );
    } finally {
      await slow.stop();
    }
  });

  it('answers 415 for a compressed body and reads an identity one', async () => {
    for (const encoding of ['gzip', 'br', 'deflate, gzip']) {
      const answer = await cart.request('POST', `/user/1/cart/${BOOK}`, '{"count":1}', {
        'content-encoding': encoding,
      });
      expect(answer.status).toBe(415);
      expect(answer.body).toEqual({
        code: 3,
        message: `unsupported content-encoding ${encoding}: only identity is accepted`,
        details: [],
      });
    }
    const identity = await cart.request('POST', `/user/80/cart/${BOOK}`, '{"count":1}', {
      'content-encoding': 'identity',
    });
    expect(identity.status).toBe(200);
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

describe('shared HTTP edge', () => {
  it('echoes X-Request-Id on answers of every kind, and makes one when none is sent', async () => {
    const id = 'client-request-42';
    for (const answer of [
      await cart.request('GET', '/user/1/cart', undefined, { 'x-request-id': id }),
      await cart.request('GET', '/user/0/cart', undefined, { 'x-request-id': id }),
      await cart.request('POST', `/user/81/cart/${BOOK}`, '{"count":1}', { 'x-request-id': id }),
      await cart.request('GET', '/nope', undefined, { 'x-request-id': id }),
    ])
      expect(answer.headers.get('x-request-id')).toBe(id);
    const made = (await cart.request('GET', '/healthz')).headers.get('x-request-id');
    expect(made).toMatch(/\S{8,}/);
    expect((await cart.request('GET', '/healthz')).headers.get('x-request-id')).not.toBe(made);
  });

  it('answers CORS preflights of the storefront and sets its origin on answers', async () => {
    const origin = 'http://localhost:8090';
    const preflight = await cart.request('OPTIONS', '/user/1/cart', undefined, {
      origin,
      'access-control-request-method': 'GET',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    const answer = await cart.request('GET', '/healthz', undefined, { origin });
    expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
    const stranger = await cart.request('GET', '/healthz', undefined, { origin: 'https://evil.example' });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
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
