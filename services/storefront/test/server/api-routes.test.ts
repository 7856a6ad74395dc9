import type { AuthMode } from '@marketplace/platform';
import { describe, expect, it } from 'vitest';
import { API_ROUTES, type ApiRoute, apiRoutesFor, matchApiRoute } from '../../src/api/api-routes.ts';
import type { ApiRequest, RequestOptions, ServiceName } from '../../src/web/api-client.ts';
import { ACCOUNT_CALLS, createMarketplaceApi, type MarketplaceApi } from '../../src/web/marketplace-api.ts';

/**
 * Every call of the page's API the page makes in `mode`, each made once (every page of a paged one),
 * as (method, /api URL): with off, all but the account calls.
 */
async function callsOfThePage(mode: AuthMode): Promise<Array<[string, string]>> {
  const calls: Array<[string, string]> = [];
  const request = (async (service: ServiceName, path: string, options?: RequestOptions) => {
    calls.push([options?.method ?? 'GET', `/api/${service}${path}`]);
    return { products: [], nextStartAfterSku: '0', count: 1, items: [], comments: [], order_id: 5 };
  }) as ApiRequest;
  const api = createMarketplaceApi(request);
  const each: { [K in keyof MarketplaceApi]: (api: MarketplaceApi) => Promise<unknown> } = {
    listProducts: (a) => a.listProducts(10, '1625903'),
    stockOf: (a) => a.stockOf('1076963'),
    addToCart: (a) => a.addToCart('1', '1076963', 2),
    cartOf: (a) => a.cartOf('1'),
    removeFromCart: (a) => a.removeFromCart('1', '1076963'),
    clearCart: (a) => a.clearCart('1'),
    checkout: (a) => a.checkout('1'),
    orderInfo: (a) => a.orderInfo('5'),
    payOrder: (a) => a.payOrder('5'),
    cancelOrder: (a) => a.cancelOrder('5'),
    commentsOf: (a) => a.commentsOf('1076963'),
    addComment: (a) => a.addComment('1', '1076963', 'text'),
    ordersOf: async (a) => {
      await a.ordersOf('1', 10);
      await a.ordersOf('1', 10, 'WyJvcmRlcnMiXQ');
    },
    signUp: (a) => a.signUp({ email: 'ann@example.com', name: 'Ann', password: 'correct horse' }),
    signIn: (a) => a.signIn('ann@example.com', 'correct horse'),
    accountOf: (a) => a.accountOf('1'),
  };
  const accountCalls: readonly string[] = ACCOUNT_CALLS;
  for (const [name, call] of Object.entries(each))
    if (mode === 'jwt' || !accountCalls.includes(name)) await call(api);
  return calls;
}

/** The account calls alone, as (method, /api URL). */
async function accountCallsOfThePage() {
  const all = await callsOfThePage('jwt');
  const others = new Set((await callsOfThePage('off')).map((call) => call.join(' ')));
  return all.filter((call) => !others.has(call.join(' ')));
}

const routeOf = (method: string, url: string, routes = API_ROUTES): ApiRoute | undefined => {
  const match = matchApiRoute(method, url, routes);
  return match.kind === 'route' ? match.route : undefined;
};

describe('API_ROUTES, the allowlist of the /api proxy', () => {
  it.each(['off', 'jwt'] as const)(
    'holds exactly the calls the page makes with AUTH_MODE=%s: each call has a route, each route a call',
    async (mode) => {
      const routes = apiRoutesFor(mode);
      const used = new Set<ApiRoute>();
      for (const [method, url] of await callsOfThePage(mode)) {
        const route = routeOf(method, url, routes);
        expect(route, `${method} ${url} is not allowlisted`).toBeDefined();
        used.add(route!);
      }
      const unused = routes.filter((route) => !used.has(route));
      expect(unused, 'allowlisted routes the page never calls').toEqual([]);
    },
  );

  it('passes the account calls (sign-up, sign-in, own account) with AUTH_MODE=jwt only', async () => {
    const accountCalls = await accountCallsOfThePage();
    expect(accountCalls.map(([method, url]) => `${method} ${url}`)).toEqual([
      'POST /api/users/api/v1/users',
      'POST /api/users/api/v1/auth/token',
      'GET /api/users/api/v1/users/1',
    ]);
    for (const [method, url] of accountCalls) {
      expect(matchApiRoute(method, url, apiRoutesFor('off')), `${method} ${url}`).toEqual({
        kind: 'not-found',
      });
      expect(routeOf(method, url, apiRoutesFor('jwt')), `${method} ${url}`).toBeDefined();
    }
  });

  it.each([
    ['GET', '/api/users/api/v1/users?page=1&page_size=100', 'POST'],
    ['PATCH', '/api/users/api/v1/users/1', 'GET'],
    ['DELETE', '/api/users/api/v1/users/1', 'GET'],
    ['GET', '/api/users/api/v1/auth/token', 'POST'],
  ])('passes no other call of the users service: %s %s', (method, url, allowed) => {
    expect(matchApiRoute(method, url, apiRoutesFor('jwt'))).toEqual({
      kind: 'method-not-allowed',
      allow: [allowed],
    });
  });

  it('lets only sign-up and sign-in through without a token', () => {
    expect(
      API_ROUTES.filter((route) => route.public).map((route) => `${route.method} ${route.path}`),
    ).toEqual(['POST /api/v1/users', 'POST /api/v1/auth/token']);
  });

  it('names the user a call acts for, from its path or its query', () => {
    expect(matchApiRoute('GET', '/api/cart/user/42/cart')).toMatchObject({ owner: '42' });
    expect(matchApiRoute('POST', '/api/cart/user/42/cart/7')).toMatchObject({ owner: '42' });
    expect(matchApiRoute('POST', '/api/cart/checkout/42')).toMatchObject({ owner: '42' });
    expect(matchApiRoute('GET', '/api/loms/order/list?pageSize=5&userId=42&userId=7')).toMatchObject({
      owner: '42',
      target: '/order/list?userId=42&pageSize=5',
    });
    expect(matchApiRoute('GET', '/api/loms/order/list?pageSize=5')).toMatchObject({ owner: undefined });
    expect(matchApiRoute('GET', '/api/users/api/v1/users/42', apiRoutesFor('jwt'))).toMatchObject({
      owner: '42',
    });
    expect(matchApiRoute('GET', '/api/loms/order/info?orderId=5')).toMatchObject({ owner: undefined });
  });

  it("passes each route's own query parameters on, once each, and drops the rest", () => {
    expect(matchApiRoute('GET', '/api/products/product?start_after_sku=7&x=1&count=10&count=99')).toEqual({
      kind: 'route',
      route: API_ROUTES[0],
      target: '/product?count=10&start_after_sku=7',
      owner: undefined,
    });
    expect(matchApiRoute('GET', '/api/loms/stock/info?sku=1%26x%3D1')).toMatchObject({
      target: '/stock/info?sku=1%26x%3D1',
    });
    expect(matchApiRoute('POST', '/api/loms/order/pay?orderId=5')).toMatchObject({ target: '/order/pay' });
    expect(matchApiRoute('GET', '/api/cart/user/1/cart?')).toMatchObject({ target: '/user/1/cart' });
  });

  it('answers a known path with another method "method not allowed", naming the allowed ones', () => {
    expect(matchApiRoute('PUT', '/api/cart/user/1/cart')).toEqual({
      kind: 'method-not-allowed',
      allow: ['GET', 'DELETE'],
    });
    expect(matchApiRoute('POST', '/api/products/product')).toEqual({
      kind: 'method-not-allowed',
      allow: ['GET'],
    });
  });

  it.each([
    ['POST', '/api/loms/stock/set'],
    ['POST', '/api/loms/order/create'],
    ['GET', '/api/loms/order/list/?userId=1'],
    ['POST', '/api/users/marketplace.users.v1.UsersService/SignIn'],
    ['GET', '/api/users/.well-known/jwks.json'],
    ['GET', '/api/loms/metrics'],
    ['GET', '/api/products/docs'],
    ['GET', '/api/products/openapi.json'],
    ['POST', '/api/loms/loms.v1.LomsService/StockSet'],
    ['POST', '/api/products/marketplace.products.v1.ProductService/ListProducts'],
    ['GET', '/api/products/product/1076963'],
    ['POST', '/api/comments/comment/edit'],
    ['GET', '/api/payments/x'],
    ['GET', '/api'],
    ['GET', '/api/'],
    ['GET', '/api/cart/user/1/cart/../../../../loms/metrics'],
    ['GET', '/api/cart/user/1/cart/..%2F..%2F..%2Fmetrics'],
    ['POST', '/api/cart/user/1%2F..%2F..%2Fcheckout/cart/5'],
    ['GET', '/api/loms/stock%2finfo?sku=1'],
    ['GET', '/api/loms/%2e%2e/metrics'],
    ['GET', '//api/loms/stock/info?sku=1'],
    ['GET', '/api//loms/stock/info?sku=1'],
    ['GET', '/api/loms//stock/info?sku=1'],
    ['GET', '/api/loms/stock/info/?sku=1'],
    ['GET', '/api/loms/stock/info/.?sku=1'],
    ['GET', '/api/loms/stock/info;x?sku=1'],
    ['GET', '/api/cart/user/%31/cart'],
    ['GET', '/api/cart/user/-1/cart'],
    ['GET', '/api/cart/user/1/cart\\..\\..'],
    ['GET', '/api/cart/user/123456789012345678901/cart'],
    ['GET', '/API/loms/stock/info?sku=1'],
    ['GET', 'http://127.0.0.1/api/loms/stock/info?sku=1'],
  ])('has no route for %s %s', (method, url) => {
    expect(matchApiRoute(method, url)).toEqual({ kind: 'not-found' });
  });
});
