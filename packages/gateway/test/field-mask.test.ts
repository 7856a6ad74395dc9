import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../src/index.ts';
import { CatalogService } from './support/catalog-service.ts';
import { createFakeCatalog } from './support/fake-catalog.ts';
import { startServer, type TestServer } from './support/server.ts';

const catalog = createFakeCatalog();
let server: TestServer;

beforeAll(async () => {
  server = await startServer(createGateway({ services: [CatalogService], transport: catalog.transport }));
});
afterAll(() => server.close());

const send = (method: string, path: string, body?: string) =>
  fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body });

describe('update_mask inferred from a PATCH body', () => {
  it('names the top-level body keys in proto names when the client gave no mask', async () => {
    const res = await send('PATCH', '/product/7', '{"price":5,"createdAt":"2024-01-01T00:00:00Z","tags":[]}');
    expect(res.status).toBe(200);
    // FieldMask JSON shows paths in lowerCamelCase: created_at is rendered createdAt.
    expect(catalog.lastRequest().json).toEqual({
      sku: '7',
      product: { price: 5, createdAt: '2024-01-01T00:00:00Z' },
      updateMask: 'price,createdAt,tags',
    });
  });

  it('takes proto-named keys too, and leaves out keys that name no field', async () => {
    await send('PATCH', '/product/7', '{"created_at":"2024-01-01T00:00:00Z","bogus":1,"name":"n"}');
    expect(catalog.lastRequest().json).toMatchObject({ updateMask: 'createdAt,name' });
  });

  it('names a key whose value is a zero value or null, since the client sent it', async () => {
    await send('PATCH', '/product/7', '{"name":"","price":null}');
    expect(catalog.lastRequest().json).toEqual({ sku: '7', product: {}, updateMask: 'name,price' });
  });

  it('keeps the mask the client gave in the query', async () => {
    await send('PATCH', '/product/7?update_mask=name', '{"name":"n","price":5}');
    expect(catalog.lastRequest().json).toMatchObject({ updateMask: 'name' });
  });

  it('infers nothing for an empty body', async () => {
    await send('PATCH', '/product/7', '');
    expect(catalog.lastRequest().json).toEqual({ sku: '7', product: {} });
  });

  it('never infers for PUT, which replaces the whole resource', async () => {
    await send('PUT', '/product/7', '{"name":"n"}');
    expect(catalog.lastRequest().json).toEqual({ sku: '7', product: { name: 'n' } });
  });
});
