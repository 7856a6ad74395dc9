import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from '../src/index.ts';
import { CatalogService } from './support/catalog-service.ts';
import { createFakeLoms, type FakeLoms } from './support/fake-loms.ts';
import { startServer, type TestServer } from './support/server.ts';

let loms: FakeLoms;
let server: TestServer;

beforeEach(async () => {
  loms = createFakeLoms();
  server = await startServer(createGateway({ services: [LomsService], transport: loms.transport }));
});
afterEach(() => server.close());

const call = (method: string, body: string, contentType = 'application/json') =>
  fetch(`${server.url}/marketplace.loms.v1.LomsService/${method}`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'idempotency-key': 'k-1' },
    body,
  });

describe('Connect-JSON unary calls', () => {
  it('take the whole request message as the body and answer in the REST format', async () => {
    const res = await call('OrderCreate', '{"user_id":"1","items":[{"sku":1,"count":2}]}');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe('{"orderId":"5"}');
    expect(loms.last.headers?.get('idempotency-key')).toBe('k-1');
  });

  it('accept a charset parameter on the JSON content type', async () => {
    const res = await call('StocksInfo', '{"sku":"1625903"}', 'application/json; charset=utf-8');
    expect(await res.text()).toBe('{"count":0}');
  });

  it('answer errors in the Connect protocol format, with its HTTP status', async () => {
    const res = await call('OrderInfo', '{"orderId":"404"}');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 'not_found', message: 'order 404 not found' });
  });

  it('reject a non-object or malformed body as invalid_argument', async () => {
    for (const body of ['[]', '{"orderId":', '{"orderId":"x"}']) {
      const res = await call('OrderInfo', body);
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { code: string }).code, body).toBe('invalid_argument');
    }
  });

  it('pass int64 beyond 2^53 through exactly, sent as a JSON number', async () => {
    await call('OrderCreate', '{"userId":9223372036854775807,"items":[{"sku":9007199254740993,"count":1}]}');
    expect(loms.last.request).toMatchObject({
      userId: 9223372036854775807n,
      items: [{ sku: 9007199254740993n }],
    });
  });

  it('refuse integers sent as strings that are not plain decimal digits, naming the field', async () => {
    const res = await call('OrderCreate', '{"userId":"1","items":[{"sku":"0x1F","count":1}]}');
    expect([res.status, await res.json()]).toEqual([
      400,
      {
        code: 'invalid_argument',
        message: 'invalid OrderCreateRequest.items[0].sku: value must be a decimal number, got "0x1F"',
      },
    ]);
    expect(loms.last.request).toBeUndefined();
  });

  it('answer a body over the limit as resource_exhausted, as Connect answers a compressed one inflating past it', async () => {
    const res = await call(
      'OrderInfo',
      JSON.stringify({ orderId: '1', padding: 'x'.repeat(2 * 1024 * 1024) }),
    );
    expect([res.status, await res.json()]).toEqual([
      429,
      { code: 'resource_exhausted', message: 'request body exceeds the limit of 1048576 bytes' },
    ]);
    expect(loms.last.request).toBeUndefined();
  });

  it('leave compressed bodies to the Connect adapter, which bounds what it inflates', async () => {
    const res = await fetch(`${server.url}/marketplace.loms.v1.LomsService/OrderInfo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: '',
    });
    expect(server.lastHandled()).toBe(false);
    expect(res.status).toBe(404);
  });

  it('leave binary Connect requests to the next handler', async () => {
    const res = await call('OrderInfo', '', 'application/proto');
    expect(server.lastHandled()).toBe(false);
    expect(res.status).toBe(404);
  });

  it('leave Connect GET requests to the next handler', async () => {
    await fetch(`${server.url}/marketplace.loms.v1.LomsService/OrderInfo?encoding=json&message=%7B%7D`);
    expect(server.lastHandled()).toBe(false);
  });

  it('reach methods that have no REST annotation', async () => {
    const catalog = createGateway({ services: [CatalogService], transport: loms.transport });
    expect(JSON.stringify(catalog.openapi)).not.toContain('/Unannotated');
    const local = await startServer(catalog);
    try {
      const res = await fetch(`${local.url}/test.catalog.v1.CatalogService/Unannotated`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      // The LOMS transport does not serve CatalogService: the call itself is Unimplemented.
      expect([local.lastHandled(), res.status]).toEqual([true, 501]);
    } finally {
      await local.close();
    }
  });
});
