import { create, type DescMethodUnary } from '@bufbuild/protobuf';
import { createRouterTransport } from '@connectrpc/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../src/index.ts';
import { CatalogService } from './support/catalog-service.ts';
import { startServer, type TestServer } from './support/server.ts';

const byName = (name: string) => CatalogService.methods.find((m) => m.name === name) as DescMethodUnary;
const [addProduct, archiveProduct, getProduct] = ['AddProduct', 'ArchiveProduct', 'GetProduct'].map(
  byName,
) as [DescMethodUnary, DescMethodUnary, DescMethodUnary];
const transport = createRouterTransport((router) => {
  for (const method of [addProduct, archiveProduct, getProduct]) {
    router.rpc(method, (request) =>
      create(method.output, { sku: (request as { sku?: bigint }).sku, name: 'n' } as never),
    );
  }
});
const gateway = createGateway({ services: [CatalogService], transport });
let server: TestServer;

beforeAll(async () => {
  server = await startServer(gateway);
});
afterAll(() => server.close());

const post = (path: string, body = '{}', contentType = 'application/json') =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('success status declared with http_success_status', () => {
  it('answers a REST route with the status its method declares', async () => {
    const res = await post('/product', '{"sku":"7"}');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ sku: '7', name: 'n' });
  });

  it('sends no body for a declared 204', async () => {
    const res = await post('/product/5:archive');
    expect([res.status, await res.text(), res.headers.get('content-type')]).toEqual([204, '', null]);
  });

  it('answers 200 where nothing is declared', async () => {
    expect((await fetch(`${server.url}/product/3`)).status).toBe(200);
  });

  it('keeps 200 on Connect JSON calls, whose protocol fixes the status of a success', async () => {
    const res = await post('/test.catalog.v1.CatalogService/AddProduct', '{"sku":"9"}');
    expect(res.status).toBe(200);
  });

  it('documents the same status in OpenAPI, without a body for 204', () => {
    const paths = gateway.openapi.paths as Record<
      string,
      Record<string, { responses: Record<string, unknown> }>
    >;
    expect(Object.keys(paths['/product']!.post!.responses)).toContain('201');
    expect(paths['/product']!.post!.responses['201']).toMatchObject({ description: 'Created' });
    expect(paths['/product/{sku}:archive']!.post!.responses['204']).toEqual({ description: 'No Content' });
    expect(Object.keys(paths['/product/{sku}']!.get!.responses)).toContain('200');
  });
});
