import { describe, expect, it } from 'vitest';
import { API_ROUTES, type ApiRoute, matchApiRoute } from '../../src/api-routes.ts';
import type { ApiRequest, RequestOptions, ServiceName } from '../../src/web/api-client.ts';
import { createMarketplaceApi, type MarketplaceApi } from '../../src/web/marketplace-api.ts';

/** Every call of the page's API, each made once, as (method, /api URL). */
async function callsOfThePage(): Promise<Array<[string, string]>> {
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
  };
  for (const call of Object.values(each)) await call(api);
  return calls;
}

const routeOf = (method: string, url: string): ApiRoute | undefined => {
  const match = matchApiRoute(method, url);
  return match.kind === 'route' ? match.route : undefined;
};

describe('API_ROUTES, the allowlist of the /api proxy', () => {
  it('holds exactly the calls the page makes: each call has a route, each route a call', async () => {
    const calls = await callsOfThePage();
    const used = new Set<ApiRoute>();
    for (const [method, url] of calls) {
      const route = routeOf(method, url);
      expect(route, `${method} ${url} is not allowlisted`).toBeDefined();
      used.add(route!);
    }
    const unused = API_ROUTES.filter((route) => !used.has(route));
    expect(unused, 'allowlisted routes the page never calls').toEqual([]);
  });

  it("passes each route's own query parameters on, once each, and drops the rest", () => {
    expect(matchApiRoute('GET', '/api/products/product?start_after_sku=7&x=1&count=10&count=99')).toEqual({
      kind: 'route',
      route: API_ROUTES[0],
      target: '/product?count=10&start_after_sku=7',
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
    ['GET', '/api/loms/order/list?userId=1'],
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
