import { createRouterTransport } from '@connectrpc/connect';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../src/index.ts';
import { rawRequest, startServer, type TestServer } from './support/server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer(
    createGateway({ services: [LomsService], transport: createRouterTransport(() => {}) }),
  );
});
afterAll(() => server.close());

describe('Swagger UI', () => {
  it.each(['/docs', '/docs/'])('serves its page at %s, pointing at /openapi.json', async (path) => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('url: "/openapi.json"');
    expect(html).toContain('src="/docs/swagger-ui-bundle.js"');
  });

  it('serves its assets from swagger-ui-dist with their content types', async () => {
    const js = await fetch(`${server.url}/docs/swagger-ui-bundle.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await js.text()).length).toBeGreaterThan(100_000);
    const css = await fetch(`${server.url}/docs/swagger-ui.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers HEAD with headers only', async () => {
    const res = await fetch(`${server.url}/docs/swagger-ui.css`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(1000);
  });

  it('leaves unknown assets and paths outside its folder to the next handler', async () => {
    const missing = await fetch(`${server.url}/docs/nope.js`);
    expect([server.lastHandled(), missing.status]).toEqual([false, 404]);
    const encodedSlash = await rawRequest(server.url, { method: 'GET', path: '/docs/..%2Fpackage.json' });
    expect(encodedSlash.status).toBe(404);
    const dotted = await rawRequest(server.url, { method: 'GET', path: '/docs/../../package.json' });
    expect(dotted.status).toBe(404);
  });

  it('answers other methods with 405', async () => {
    const res = await fetch(`${server.url}/docs`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});
