import http from 'node:http';
import { freePort } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type API_ROUTES, apiRoutesFor } from '../../src/api/api-routes.ts';
import { json, startFakeUpstream } from '../support/fake-upstream.ts';
import { startTestStorefront } from '../support/test-storefront.ts';

type Fake = Awaited<ReturnType<typeof startFakeUpstream>>;
type Storefront = Awaited<ReturnType<typeof startTestStorefront>>;
let cart: Fake;
let products: Fake;
let loms: Fake;
let comments: Fake;
let storefront: Storefront;
const MIB = 1024 * 1024;

beforeAll(async () => {
  cart = await startFakeUpstream((req, res) => {
    if (req.method === 'DELETE') return void res.writeHead(204).end();
    json(res, 412, { code: 9, message: 'not enough stock for sku 5' });
  });
  products = await startFakeUpstream((_req, res) => json(res, 200, { products: [], nextStartAfterSku: '0' }));
  loms = await startFakeUpstream(async (req, res) => {
    if (req.url === '/stock/info?sku=999') await new Promise((resolve) => setTimeout(resolve, 5_000));
    json(res, 200, { count: 265 });
  });
  comments = await startFakeUpstream((req, res) => {
    const { sku } = JSON.parse(req.body || '{}') as { sku?: string };
    if (sku === 'declared-too-large') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 * MIB });
      return void res.end('x'.repeat(2 * MIB));
    }
    if (sku === 'streamed-too-large') {
      // No content-length: chunked, so only counting what arrives can stop it.
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 40; i++) res.write('y'.repeat(64 * 1024));
      return void res.end();
    }
    if (sku === 'at-the-bound') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(`"${'z'.repeat(MIB - 2)}"`);
    }
    json(res, 200, { comments: [] });
  });
  storefront = await startTestStorefront({
    CART_URL: cart.url,
    PRODUCTS_URL: products.url,
    PRODUCTS_API_KEY: 'server-key',
    LOMS_URL: loms.url,
    COMMENTS_URL: comments.url,
    UPSTREAM_TIMEOUT: '1s',
  });
});

afterAll(async () => {
  await storefront?.stop();
  await Promise.all([cart, products, loms, comments].map((fake) => fake?.close()));
});

const call = (path: string, init?: RequestInit) => fetch(`${storefront.url}${path}`, init);
const upstreamCalls = () => [cart, products, loms, comments].reduce((sum, fake) => sum + fake.seen.length, 0);

/**
 * A request sent exactly as written, as curl or a hostile client sends it: fetch would normalise
 * `..` and `//` away before they reach the server.
 */
function raw(method: string, path: string, body?: string, headers: http.OutgoingHttpHeaders = {}) {
  const { port } = new URL(storefront.url);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, agent: false, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      });
      req.on('error', reject);
      req.end(body);
    },
  );
}

/** A concrete URL of an allowlisted route: ids filled in, its query parameters given. */
function exampleUrl(route: (typeof API_ROUTES)[number]): string {
  const path = route.path.replace(/\{\w+\}/g, '7');
  const query = (route.query ?? []).map((name) => `${name}=1`).join('&');
  return `/api/${route.service}${path}${query ? `?${query}` : ''}`;
}

describe('the /api proxy passes the calls of the page', () => {
  it('passes method, path and JSON body on, and the status and answer back', async () => {
    const answer = await call('/api/cart/user/1/cart/5', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"count":2}',
    });
    expect(answer.status).toBe(412);
    expect(await answer.json()).toEqual({ code: 9, message: 'not enough stock for sku 5' });
    expect(cart.seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/user/1/cart/5',
      body: '{"count":2}',
      headers: expect.objectContaining({ 'content-type': 'application/json' }),
    });
  });

  it.each(apiRoutesFor('off').map((route) => [route.method, exampleUrl(route), route] as const))(
    'passes %s %s to the service',
    async (method, url, route) => {
      const fake = { cart, products, loms, comments, users: undefined }[route.service]!;
      const before = fake.seen.length;
      const body = route.body ? '{"sku":"7"}' : undefined;
      const answer = await call(url, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body,
      });
      expect(answer.status).toBeLessThan(500);
      expect(fake.seen.length).toBe(before + 1);
      expect(fake.seen.at(-1)).toMatchObject({
        method,
        url: url.slice(`/api/${route.service}`.length),
        body: body ?? '',
      });
    },
  );

  it('passes only the query parameters a route takes, and none to routes without any', async () => {
    await call('/api/products/product?count=10&start_after_sku=0&admin=1');
    expect(products.seen.at(-1)?.url).toBe('/product?count=10&start_after_sku=0');
    await call('/api/cart/user/1/cart?dry=1');
    expect(cart.seen.at(-1)?.url).toBe('/user/1/cart');
  });

  it('sends no body on routes that take none (checkout, reads, deletes)', async () => {
    await call('/api/cart/checkout/1', { method: 'POST', body: '{"userId":2}' });
    expect(cart.seen.at(-1)).toMatchObject({ url: '/checkout/1', body: '' });
  });

  it('answers 204 without a body when the service does', async () => {
    const answer = await call('/api/cart/user/1/cart', { method: 'DELETE' });
    expect(answer.status).toBe(204);
    expect(await answer.text()).toBe('');
  });

  it("adds the server's products API key and forwards none of the browser's credentials", async () => {
    const answer = await call('/api/products/product?count=10&start_after_sku=0', {
      headers: { 'x-api-key': 'browser-key', cookie: 'session=1', authorization: 'Bearer x' },
    });
    expect(answer.status).toBe(200);
    const seen = products.seen.at(-1)!;
    expect(seen.url).toBe('/product?count=10&start_after_sku=0');
    expect(seen.headers['x-api-key']).toBe('server-key');
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers.authorization).toBeUndefined();
  });

  it("forwards no Authorization with AUTH_MODE=off: the visitor's token means nothing to the services then", async () => {
    await call('/api/cart/user/1/cart', { headers: { authorization: 'Bearer x', cookie: 'session=1' } });
    expect(cart.seen.at(-1)?.headers.authorization).toBeUndefined();
    expect(cart.seen.at(-1)?.headers.cookie).toBeUndefined();
  });

  it('echoes the X-Request-Id and passes it to the service', async () => {
    const answer = await call('/api/loms/stock/info?sku=1', { headers: { 'x-request-id': 'req-42' } });
    expect(answer.headers.get('x-request-id')).toBe('req-42');
    expect(loms.seen.at(-1)?.headers['x-request-id']).toBe('req-42');
    const made = (await call('/api/loms/stock/info?sku=1')).headers.get('x-request-id');
    expect(made).toMatch(/^[\w-]{8,}$/);
  });
});

describe('the /api proxy passes on JSON bodies only', () => {
  it.each([
    ['application/grpc-web-text+proto', {}],
    ['text/plain', {}],
    ['application/json', { 'content-encoding': 'gzip' }],
  ])('answers a body sent as %s (%o) 415 without calling LOMS', async (type, extra) => {
    const before = upstreamCalls();
    const answer = await raw('POST', '/api/loms/order/pay', '{"orderId":"1"}', {
      'content-type': type,
      ...extra,
    });
    expect(answer.status).toBe(415);
    expect(upstreamCalls()).toBe(before);
  });
});

describe('the /api proxy refuses everything else without calling a service', () => {
  it('answers the StockSet request curl sends 404, and LOMS receives nothing', async () => {
    // curl -X POST localhost:8090/api/loms/stock/set -d '{"sku":"1076963","totalCount":999}'
    const before = upstreamCalls();
    const answer = await raw('POST', '/api/loms/stock/set', '{"sku":"1076963","totalCount":999}', {
      'content-type': 'application/x-www-form-urlencoded',
      accept: '*/*',
    });
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(answer.body)).toEqual({ message: 'the storefront API has no such route' });
    expect(upstreamCalls()).toBe(before);
  });

  it.each([
    ['POST', '/api/loms/order/create'],
    ['GET', '/api/loms/metrics'],
    ['GET', '/api/cart/metrics'],
    ['GET', '/api/loms/docs'],
    ['GET', '/api/products/docs/'],
    ['GET', '/api/products/openapi.json'],
    ['GET', '/api/loms/healthz'],
    ['POST', '/api/loms/loms.v1.LomsService/StockSet'],
    ['POST', '/api/products/marketplace.products.v1.ProductService/CreateProduct'],
    ['POST', '/api/products/product:batchGet'],
    ['POST', '/api/products/product/events'],
    ['GET', '/api/payments/x'],
    ['GET', '/api'],
    ['GET', '/api/cart/user/1/cart/../../../../loms/metrics'],
    ['POST', '/api/loms/order/pay/../../stock/set'],
    ['POST', '/api/loms/order/..%2Fstock%2Fset'],
    ['POST', '/api/loms/order%2Fpay'],
    ['GET', '/api/cart/user/1%2F..%2F..%2Fmetrics/cart'],
    ['GET', '/api/loms/%2e%2e/metrics'],
    ['GET', '//api/loms/stock/info?sku=1'],
    ['GET', '/api//loms/stock/info?sku=1'],
    ['GET', '/api/loms//stock/info?sku=1'],
    ['POST', '/api/loms/order/pay/'],
    ['GET', '/api/cart/user/1/cart\\..\\..\\metrics'],
    ['GET', '/api/cart/user/%31/cart'],
    // The account calls: the page makes them with AUTH_MODE=jwt only.
    ['POST', '/api/users/api/v1/users'],
    ['POST', '/api/users/api/v1/auth/token'],
    ['GET', '/api/users/api/v1/users/1'],
  ])('answers %s %s 404', async (method, path) => {
    const before = upstreamCalls();
    const answer = await raw(method, path, method === 'POST' ? '{"sku":"1","totalCount":9}' : undefined);
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toHaveProperty('message');
    expect(upstreamCalls()).toBe(before);
  });

  it.each([
    ['POST', '/api/products/product', 'GET'],
    ['PUT', '/api/cart/user/1/cart/5', 'POST, DELETE'],
    ['PATCH', '/api/loms/order/pay', 'POST'],
    ['GET', '/api/loms/order/cancel', 'POST'],
    ['DELETE', '/api/comments/comment/add', 'POST'],
    ['HEAD', '/api/loms/stock/info?sku=1', 'GET'],
    ['OPTIONS', '/api/cart/checkout/1', 'POST'],
  ])('answers %s %s 405 with Allow: %s', async (method, path, allow) => {
    const before = upstreamCalls();
    const answer = await raw(method, path);
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe(allow);
    if (method !== 'HEAD') expect(JSON.parse(answer.body).message).toMatch(/^this route takes /);
    expect(upstreamCalls()).toBe(before);
  });
});

describe('the /api proxy bounds and failures', () => {
  it('refuses a request body over 64 KiB with 413, before calling the service', async () => {
    const before = upstreamCalls();
    const answer = await call('/api/cart/user/1/cart/5', { method: 'POST', body: 'x'.repeat(70_000) });
    expect(answer.status).toBe(413);
    expect((await answer.json()).message).toMatch(/larger than 65536 bytes/);
    expect(upstreamCalls()).toBe(before);
  });

  it.each(['declared-too-large', 'streamed-too-large'])(
    'answers 502 naming the service when its answer is over 1 MiB (%s)',
    async (sku) => {
      const answer = await call('/api/comments/comment/list-by-sku', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sku }),
      });
      expect(answer.status).toBe(502);
      expect(await answer.json()).toEqual({
        service: 'comments',
        message: 'comments answered more than 1048576 bytes',
      });
    },
  );

  it('passes an answer of exactly 1 MiB', async () => {
    const answer = await call('/api/comments/comment/list-by-sku', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'at-the-bound' }),
    });
    expect(answer.status).toBe(200);
    expect((await answer.arrayBuffer()).byteLength).toBe(MIB);
  });

  it('answers 504 naming the service when it does not answer within the deadline', async () => {
    const answer = await call('/api/loms/stock/info?sku=999');
    expect(answer.status).toBe(504);
    expect(await answer.json()).toEqual({ service: 'loms', message: 'loms did not answer within 1000 ms' });
  });

  it('answers 502 naming the service when it cannot be reached', async () => {
    const down = await startTestStorefront({ COMMENTS_URL: `http://127.0.0.1:${await freePort()}` });
    try {
      const answer = await fetch(`${down.url}/api/comments/comment/list-by-sku`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"sku":1}',
      });
      expect(answer.status).toBe(502);
      expect(await answer.json()).toEqual({ service: 'comments', message: 'comments is unavailable' });
      const metrics = await (await fetch(`${down.url}/metrics`)).text();
      expect(metrics).toMatch(
        /storefront_upstream_duration_seconds_count\{[^}]*service="comments",outcome="unreachable"\}/,
      );
    } finally {
      await down.stop();
    }
  });
});

describe('the HTTP edge', () => {
  it('allows the configured browser origins (CORS) and no others', async () => {
    const allowed = await call('/api/loms/stock/info?sku=1', {
      headers: { origin: 'http://localhost:8090' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:8090');
    const other = await call('/api/loms/stock/info?sku=1', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits requests per client with 429 and Retry-After', async () => {
    const limited = await startTestStorefront({ RATE_LIMIT_PER_IP: '1' });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const answer = await fetch(`${limited.url}/healthz`);
        statuses.push(answer.status);
        if (answer.status === 429) retryAfter = answer.headers.get('retry-after');
      }
      expect(statuses).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.stop();
    }
  });
});

describe('the page and the ops endpoints', () => {
  it('serves the page with a same-origin-only content security policy', async () => {
    const page = await call('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'/);
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/app.js">');
    expect(html).toContain('<meta name="auth-mode" content="off" />');
    expect(html).not.toMatch(/https?:\/\//);
    expect(await (await call('/styles.css')).text()).not.toMatch(/https?:\/\/|@import/);
    expect((await call('/secret.txt')).status).toBe(404);
  });

  it('serves the page script as one JavaScript module built from src/web', async () => {
    const script = await call('/app.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const code = await script.text();
    expect(code).toContain('catalogue-rows');
    expect(code).not.toMatch(/^\s*import\s/m);
  });

  it('answers /healthz, /readyz and /metrics with the proxied calls by service', async () => {
    expect((await call('/healthz')).status).toBe(200);
    expect((await call('/readyz')).status).toBe(200);
    const metrics = await (await call('/metrics')).text();
    expect(metrics).toMatch(
      /storefront_upstream_duration_seconds_count\{[^}]*service="cart",outcome="412"\}/,
    );
    expect(metrics).toMatch(
      /storefront_upstream_duration_seconds_count\{[^}]*service="comments",outcome="too_large"\}/,
    );
    expect(metrics).toMatch(/http_server_requests_total\{[^}]*status="200"/);
  });
});
