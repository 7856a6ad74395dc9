import { freePort } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startFakeUpstream } from '../support/fake-upstream.ts';
import { startTestStorefront } from '../support/test-storefront.ts';

type Fake = Awaited<ReturnType<typeof startFakeUpstream>>;
let cart: Fake;
let products: Fake;
let loms: Fake;
let storefront: Awaited<ReturnType<typeof startTestStorefront>>;

beforeAll(async () => {
  cart = await startFakeUpstream((req, res) => {
    if (req.method === 'DELETE') return void res.writeHead(204).end();
    json(res, 412, { code: 9, message: 'not enough stock for sku 5' });
  });
  products = await startFakeUpstream((_req, res) => json(res, 200, { products: [], nextStartAfterSku: '0' }));
  loms = await startFakeUpstream(async (req, res) => {
    if (req.url.startsWith('/slow')) await new Promise((resolve) => setTimeout(resolve, 5_000));
    json(res, 200, { count: 265 });
  });
  storefront = await startTestStorefront({
    CART_URL: cart.url,
    PRODUCTS_URL: products.url,
    PRODUCTS_API_KEY: 'server-key',
    LOMS_URL: loms.url,
    COMMENTS_URL: `http://127.0.0.1:${await freePort()}`,
    UPSTREAM_TIMEOUT: '1s',
  });
});

afterAll(async () => {
  await storefront?.stop();
  await Promise.all([cart, products, loms].map((fake) => fake?.close()));
});

const call = (path: string, init?: RequestInit) => fetch(`${storefront.url}${path}`, init);

describe('the /api proxy', () => {
  it('passes method, path, query and JSON body on, and the status and answer back', async () => {
    const answer = await call('/api/cart/user/1/cart/5?dry=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"count":2}',
    });
    expect(answer.status).toBe(412);
    expect(await answer.json()).toEqual({ code: 9, message: 'not enough stock for sku 5' });
    expect(cart.seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/user/1/cart/5?dry=1',
      body: '{"count":2}',
      headers: expect.objectContaining({ 'content-type': 'application/json' }),
    });
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

  it('refuses changes to the catalogue (405) without calling products', async () => {
    const before = products.seen.length;
    const answer = await call('/api/products/product', { method: 'POST', body: '{"sku":1}' });
    expect(answer.status).toBe(405);
    expect(await answer.json()).toEqual({ message: 'products is read-only through the storefront' });
    expect(products.seen.length).toBe(before);
  });

  it('answers 502 naming the service when it cannot be reached', async () => {
    const answer = await call('/api/comments/comment/list-by-sku', { method: 'POST', body: '{"sku":1}' });
    expect(answer.status).toBe(502);
    expect(await answer.json()).toEqual({ service: 'comments', message: 'comments is unavailable' });
  });

  it('answers 504 naming the service when it does not answer within the deadline', async () => {
    const answer = await call('/api/loms/slow');
    expect(answer.status).toBe(504);
    expect(await answer.json()).toEqual({ service: 'loms', message: 'loms did not answer within 1000 ms' });
  });

  it('refuses a request body over 64 KiB with 413', async () => {
    const answer = await call('/api/cart/user/1/cart/5', { method: 'POST', body: 'x'.repeat(70_000) });
    expect(answer.status).toBe(413);
    expect((await answer.json()).message).toMatch(/larger than 65536 bytes/);
  });

  it('answers 404 for a service it does not know and for other paths', async () => {
    const unknown = await call('/api/payments/x');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'unknown service "payments"' });
    expect((await call('/secret.txt')).status).toBe(404);
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
    expect(html).not.toMatch(/https?:\/\//);
    expect(await (await call('/styles.css')).text()).not.toMatch(/https?:\/\/|@import/);
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
      /storefront_upstream_duration_seconds_count\{[^}]*service="comments",outcome="unreachable"\}/,
    );
    expect(metrics).toMatch(/http_server_requests_total\{[^}]*status="200"/);
  });
});
