import { create, type DescMethodUnary } from '@bufbuild/protobuf';
import { createRouterTransport } from '@connectrpc/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../src/index.ts';
import { CatalogService } from './support/catalog-service.ts';
import { startServer, type TestServer } from './support/server.ts';

// GetProduct answers with x-http-code set to its sku, so each test picks the status it asks for.
const getProduct = CatalogService.methods.find((m) => m.name === 'GetProduct') as DescMethodUnary;
const transport = createRouterTransport((router) => {
  router.rpc(getProduct, (request, ctx) => {
    const sku = String((request as unknown as { sku: bigint }).sku);
    ctx.responseHeader.set('x-http-code', sku);
    ctx.responseHeader.set('x-trace', 'kept');
    return create(getProduct.output, { sku: BigInt(sku), name: 'n' } as never);
  });
});
let server: TestServer;

beforeAll(async () => {
  server = await startServer(createGateway({ services: [CatalogService], transport }));
});
afterAll(() => server.close());

describe('success status chosen by the handler with x-http-code', () => {
  it('answers a REST route with the 2xx status the handler set, without forwarding the header', async () => {
    const res = await fetch(`${server.url}/product/202`);
    expect(res.status).toBe(202);
    expect(res.headers.get('x-http-code')).toBeNull();
    expect(res.headers.get('x-trace')).toBe('kept');
    expect(await res.json()).toMatchObject({ sku: '202', name: 'n' });
  });

  it('sends no body for 204', async () => {
    const res = await fetch(`${server.url}/product/204`);
    expect([res.status, await res.text(), res.headers.get('content-type')]).toEqual([204, '', null]);
  });

  it.each(['404', '500', '2000'])('ignores %s, which is no success status, and answers 200', async (code) => {
    const res = await fetch(`${server.url}/product/${code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-http-code')).toBeNull();
  });

  it('keeps 200 on Connect JSON calls, whose protocol fixes the status of a success', async () => {
    const res = await fetch(`${server.url}/test.catalog.v1.CatalogService/GetProduct`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"sku":"202"}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-http-code')).toBeNull();
  });
});
