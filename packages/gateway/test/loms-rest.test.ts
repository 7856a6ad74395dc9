import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from '../src/index.ts';
import { createFakeLoms, type FakeLoms } from './support/fake-loms.ts';
import { startServer, type TestServer } from './support/server.ts';

let loms: FakeLoms;
let server: TestServer;

beforeEach(async () => {
  loms = createFakeLoms();
  server = await startServer(createGateway({ services: [LomsService], transport: loms.transport }));
});
afterEach(() => server.close());

const post = (path: string, body: string) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('LOMS over REST', () => {
  it('creates an order from a body with JSON names and int64 as strings, answering {"orderId":"5"}', async () => {
    const res = await post('/order/create', '{"userId":"1","items":[{"sku":"1076963","count":2}]}');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe('{"orderId":"5"}');
  });

  it('accepts proto field names and int64 as numbers in the body', async () => {
    const res = await post('/order/create', '{"user_id":7,"items":[{"sku":1625903,"count":1}]}');
    expect(res.status).toBe(200);
    const { orderId } = (await res.json()) as { orderId: string };
    const info = await fetch(`${server.url}/order/info?orderId=${orderId}`);
    expect(await info.json()).toEqual({
      status: 'awaiting payment',
      userId: '7',
      items: [{ sku: '1625903', count: 1 }],
    });
  });

  it('refuses int64 and uint32 strings that are not plain decimal digits with 400 naming the field', async () => {
    for (const [body, field, value] of [
      ['{"sku":" 3","totalCount":1}', 'sku', '" 3"'],
      ['{"sku":"+4","totalCount":1}', 'sku', '"+4"'],
      ['{"sku":"3","totalCount":"0x10"}', 'total_count', '"0x10"'],
    ]) {
      const res = await post('/stock/set', body as string);
      expect([res.status, await res.json()], body).toEqual([
        400,
        {
          code: 3,
          message: `invalid StockSetRequest.${field}: value must be a decimal number, got ${value}`,
          details: [],
        },
      ]);
    }
    expect(loms.last.request).toBeUndefined();
  });

  it('names a uint32 out of range by the digits sent, not by a double they round to', async () => {
    for (const value of ['9007199254740993', '18446744073709551615', '123456789012345678901']) {
      const res = await post('/stock/set', `{"sku":3,"totalCount":${value}}`);
      expect([res.status, await res.json()], value).toEqual([
        400,
        {
          code: 3,
          message: `invalid StockSetRequest.total_count: ${value} is not a valid uint32`,
          details: [],
        },
      ]);
    }
    expect(loms.last.request).toBeUndefined();
  });

  it('ignores unknown body fields', async () => {
    const res = await post('/order/pay', '{"orderId":"5","note":"ignored"}');
    expect(res.status).toBe(200);
    expect(loms.last.request).toMatchObject({ orderId: 5n });
  });

  it('reads GET query parameters by JSON name and by proto name', async () => {
    await post('/order/create', '{"userId":"1","items":[{"sku":"1","count":2}]}');
    const byJsonName = await fetch(`${server.url}/order/info?orderId=5`);
    const byProtoName = await fetch(`${server.url}/order/info?order_id=5`);
    expect(byJsonName.status).toBe(200);
    expect(await byProtoName.json()).toEqual(await byJsonName.json());
    expect(loms.last.request).toMatchObject({ orderId: 5n });
  });

  it('emits zero values and empty lists', async () => {
    const stock = await fetch(`${server.url}/stock/info?sku=1625903`);
    expect(await stock.text()).toBe('{"count":0}');
    const created = await post('/order/create', '{"userId":"3","items":[]}');
    const { orderId } = (await created.json()) as { orderId: string };
    const info = await fetch(`${server.url}/order/info?orderId=${orderId}`);
    expect(await info.text()).toBe('{"status":"awaiting payment","userId":"3","items":[]}');
  });

  it('answers an empty message as {} for pay, cancel and stock set', async () => {
    for (const [path, body] of [
      ['/order/pay', '{"orderId":"5"}'],
      ['/order/cancel', '{"orderId":"5"}'],
      ['/stock/set', '{"sku":"42","totalCount":10}'],
    ] as const) {
      const res = await post(path, body);
      expect([path, res.status, await res.text()]).toEqual([path, 200, '{}']);
    }
    expect(await (await fetch(`${server.url}/stock/info?sku=42`)).text()).toBe('{"count":10}');
  });

  it('treats an empty POST body as an empty request message', async () => {
    const res = await fetch(`${server.url}/order/pay`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(loms.last.request).toMatchObject({ orderId: 0n });
  });

  it('passes NotFound from the service through as 404 with the contract body', async () => {
    const res = await fetch(`${server.url}/stock/info?sku=999`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 5, message: 'sku 999 not found', details: [] });
  });
});
