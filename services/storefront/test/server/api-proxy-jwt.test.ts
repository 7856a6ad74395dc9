import { freePort, startTestTokenIssuer, type TestTokenIssuer } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiRoute, apiRoutesFor } from '../../src/api/api-routes.ts';
import { json, startFakeUpstream } from '../support/fake-upstream.ts';
import { startTestStorefront } from '../support/test-storefront.ts';

type Fake = Awaited<ReturnType<typeof startFakeUpstream>>;
type Storefront = Awaited<ReturnType<typeof startTestStorefront>>;
let fakes: Record<ApiRoute['service'], Fake>;
let issuer: TestTokenIssuer;
let storefront: Storefront;
/** The visitor: user 7. */
let bearer: string;

beforeAll(async () => {
  issuer = await startTestTokenIssuer();
  const answer = await startFakeUpstream((req, res) => {
    if (req.url === '/user/7/cart/401') {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
      return void res.end('{"code":16,"message":"access token has expired","details":[]}');
    }
    json(res, 200, {});
  });
  const [cart, products, loms, comments, users] = await Promise.all([
    answer,
    startFakeUpstream((_req, res) => json(res, 200, { products: [], nextStartAfterSku: '0' })),
    startFakeUpstream((_req, res) => json(res, 200, { orders: [], nextPageToken: '' })),
    startFakeUpstream((_req, res) => json(res, 200, { comments: [] })),
    startFakeUpstream((req, res) => {
      if (req.url !== '/api/v1/auth/token') return json(res, 201, { id: '7' });
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '42' });
      res.end('{"code":8,"message":"too many failed sign-ins","details":[]}');
    }),
  ]);
  fakes = { cart: cart!, products: products!, loms: loms!, comments: comments!, users: users! };
  storefront = await startTestStorefront({
    ...issuer.env(),
    CART_URL: fakes.cart.url,
    PRODUCTS_URL: fakes.products.url,
    PRODUCTS_API_KEY: 'server-key',
    LOMS_URL: fakes.loms.url,
    COMMENTS_URL: fakes.comments.url,
    USERS_URL: fakes.users.url,
  });
  bearer = `Bearer ${await issuer.token({ userId: 7 })}`;
});

afterAll(async () => {
  await storefront?.stop();
  await Promise.all(Object.values(fakes ?? {}).map((fake) => fake.close()));
  await issuer?.stop();
});

const call = (path: string, init?: RequestInit) => fetch(`${storefront.url}${path}`, init);
const upstreamCalls = () => Object.values(fakes).reduce((sum, fake) => sum + fake.seen.length, 0);

/** A URL of the route acting for user 7, its other ids 5. */
function exampleUrl(route: ApiRoute): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name) => (name === route.owner ? '7' : '5'));
  const query = (route.query ?? []).map((name) => `${name}=${name === route.owner ? '7' : '5'}`).join('&');
  return `/api/${route.service}${path}${query ? `?${query}` : ''}`;
}

const routes = apiRoutesFor('jwt');
const asCalls = (list: readonly ApiRoute[]) =>
  list.map((route) => [route.method, exampleUrl(route), route] as const);

describe('the /api proxy with AUTH_MODE=jwt', () => {
  it.each(asCalls(routes))('passes %s %s with the visitor’s own token', async (method, url, route) => {
    const fake = fakes[route.service];
    const before = fake.seen.length;
    const body = route.body ? '{"sku":"5"}' : undefined;
    const answer = await call(url, {
      method,
      headers: { authorization: bearer, ...(body ? { 'content-type': 'application/json' } : {}) },
      body,
    });
    expect(answer.status).toBeLessThan(500);
    expect(fake.seen.length).toBe(before + 1);
    const seen = fake.seen.at(-1)!;
    expect(seen).toMatchObject({ method, url: url.slice(`/api/${route.service}`.length), body: body ?? '' });
    if (route.service === 'products') {
      // Products' reads are the storefront's own, under its key: the visitor's token stays here.
      expect(seen.headers.authorization).toBeUndefined();
      expect(seen.headers['x-api-key']).toBe('server-key');
    } else {
      expect(seen.headers.authorization).toBe(bearer);
      expect(seen.headers['x-api-key']).toBeUndefined();
    }
  });

  it.each(asCalls(routes.filter((route) => !route.public)))(
    'answers %s %s without a token 401 with a Bearer challenge, calling no service',
    async (method, url, route) => {
      const before = upstreamCalls();
      const answer = await call(url, {
        method,
        headers: route.body ? { 'content-type': 'application/json' } : {},
        body: route.body ? '{}' : undefined,
      });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(await answer.json()).toEqual({
        message: 'missing access token: send authorization: Bearer <token>',
      });
      expect(upstreamCalls()).toBe(before);
    },
  );

  it('lets sign-up through without a token', async () => {
    const signUp = await call('/api/users/api/v1/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":"ann@example.com","name":"Ann","password":"correct horse"}',
    });
    expect(signUp.status).toBe(201);
    expect(fakes.users.seen.at(-1)).toMatchObject({
      url: '/api/v1/users',
      body: '{"email":"ann@example.com","name":"Ann","password":"correct horse"}',
    });
    expect(fakes.users.seen.at(-1)?.headers.authorization).toBeUndefined();
  });

  it.each([
    ['an expired token', async () => `Bearer ${await issuer.token({ userId: 7, expiresIn: -600 })}`],
    [
      'a token of a key the JWKS does not list',
      async () => `Bearer ${await issuer.token({ userId: 7, key: await issuer.createKey() })}`,
    ],
    ['a malformed token', async () => 'Bearer not.a.token'],
    ['another scheme', async () => 'Basic YW5uOnB3'],
  ])('answers %s 401 with error="invalid_token", calling no service', async (_case, authorization) => {
    const before = upstreamCalls();
    const answer = await call('/api/cart/user/7/cart', { headers: { authorization: await authorization() } });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect((await answer.json()).message).toMatch(/access token|authorization/);
    expect(upstreamCalls()).toBe(before);
  });

  it.each([
    ['GET', '/api/cart/user/8/cart'],
    ['POST', '/api/cart/user/8/cart/5'],
    ['DELETE', '/api/cart/user/8/cart'],
    ['POST', '/api/cart/checkout/8'],
    ['GET', '/api/loms/order/list?userId=8&pageSize=10'],
    ['GET', '/api/loms/order/list?userId=07x'],
    ['GET', '/api/users/api/v1/users/8'],
    ['GET', '/api/cart/user/9223372036854775807/cart'],
  ])("answers %s %s (another user's) 403, calling no service", async (method, url) => {
    const before = upstreamCalls();
    const answer = await call(url, {
      method,
      headers: { authorization: bearer, 'content-type': 'application/json' },
      body: method === 'POST' ? '{"count":1}' : undefined,
    });
    expect(answer.status).toBe(403);
    expect((await answer.json()).message).toMatch(
      /^permission denied: userId \S+ is not the signed-in user$/,
    );
    expect(upstreamCalls()).toBe(before);
  });

  it('takes the user id written with leading zeros as the same user', async () => {
    const answer = await call('/api/loms/order/list?userId=007', { headers: { authorization: bearer } });
    expect(answer.status).toBe(200);
    expect(fakes.loms.seen.at(-1)?.url).toBe('/order/list?userId=007');
  });

  it("forwards the visitor's Authorization and no other credential of theirs", async () => {
    await call('/api/cart/user/7/cart', {
      headers: { authorization: bearer, cookie: 'session=1', 'x-api-key': 'browser-key' },
    });
    const { headers } = fakes.cart.seen.at(-1)!;
    expect(headers.authorization).toBe(bearer);
    expect(headers.cookie).toBeUndefined();
    expect(headers['x-api-key']).toBeUndefined();
  });

  it("passes a service's own 401 back with its challenge", async () => {
    const answer = await call('/api/cart/user/7/cart/401', {
      method: 'POST',
      headers: { authorization: bearer, 'content-type': 'application/json' },
      body: '{"count":1}',
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('lets sign-in through without a token, passing the Retry-After of a refused one back', async () => {
    fakes.users.seen.length = 0;
    const answer = await call('/api/users/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":"ann@example.com","password":"x"}',
    });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('42');
    expect(fakes.users.seen).toHaveLength(1);
  });

  it.each([
    ['POST', '/api/loms/stock/set'],
    ['GET', '/api/users/.well-known/jwks.json'],
    ['POST', '/api/users/marketplace.users.v1.UsersService/ListUsers'],
    ['POST', '/api/products/product'],
  ])('still answers %s %s 404 (or 405) with a valid token', async (method, url) => {
    const before = upstreamCalls();
    const answer = await call(url, { method, headers: { authorization: bearer } });
    expect([404, 405]).toContain(answer.status);
    expect(upstreamCalls()).toBe(before);
  });

  it('serves the page with the mode written into it', async () => {
    const html = await (await call('/')).text();
    expect(html).toContain('<meta name="auth-mode" content="jwt" />');
    expect(html).not.toContain('content="off"');
  });

  it('answers 503 while the keys that check tokens cannot be fetched', async () => {
    const blind = await startTestStorefront({
      AUTH_MODE: 'jwt',
      USERS_JWKS_URL: `http://127.0.0.1:${await freePort()}/.well-known/jwks.json`,
      JWKS_TIMEOUT: '500ms',
      CART_URL: fakes.cart.url,
    });
    try {
      const before = upstreamCalls();
      const answer = await fetch(`${blind.url}/api/cart/user/7/cart`, { headers: { authorization: bearer } });
      expect(answer.status).toBe(503);
      expect((await answer.json()).message).toMatch(/cannot check access tokens/);
      expect(upstreamCalls()).toBe(before);
    } finally {
      await blind.stop();
    }
  });
});
