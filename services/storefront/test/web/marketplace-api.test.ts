import { describe, expect, it } from 'vitest';
import {
  ApiError,
  type ApiRequest,
  type RequestOptions,
  type ServiceName,
} from '../../src/web/api-client.ts';
import { createMarketplaceApi } from '../../src/web/marketplace-api.ts';

/** A request function that answers `reply(service, path, options)` and records the calls. */
function fakeRequest(reply: (service: ServiceName, path: string, options?: RequestOptions) => unknown) {
  const calls: Array<[ServiceName, string, RequestOptions | undefined]> = [];
  const request = (async (service: ServiceName, path: string, options?: RequestOptions) => {
    calls.push([service, path, options]);
    return reply(service, path, options);
  }) as ApiRequest;
  return { request, calls };
}

const refuse = (service: ServiceName, status: number) => () => {
  throw new ApiError(service, status, '');
};

describe('createMarketplaceApi', () => {
  it('pages the catalogue with count and start_after_sku', async () => {
    const { request, calls } = fakeRequest(() => ({ products: [], nextStartAfterSku: '0' }));
    await createMarketplaceApi(request).listProducts(10, '1625903');
    expect(calls[0]?.slice(0, 2)).toEqual(['products', '/product?count=10&start_after_sku=1625903']);
  });

  it('reads stock from LOMS, and no stock (404) as not stocked', async () => {
    const stocked = fakeRequest(() => ({ count: 265 }));
    await expect(createMarketplaceApi(stocked.request).stockOf('1076963')).resolves.toBe(265);
    expect(stocked.calls[0]?.slice(0, 2)).toEqual(['loms', '/stock/info?sku=1076963']);
    const unknown = fakeRequest(refuse('loms', 404));
    await expect(createMarketplaceApi(unknown.request).stockOf('5')).resolves.toBeUndefined();
  });

  it('passes other stock failures on', async () => {
    const { request } = fakeRequest(refuse('loms', 502));
    await expect(createMarketplaceApi(request).stockOf('5')).rejects.toMatchObject({ status: 502 });
  });

  it('reads the cart with skus as strings, and an absent cart (404) as empty', async () => {
    const full = fakeRequest(() => ({
      items: [{ sku: 1076963, name: 'Book', count: 2, price: 3379 }],
      total_price: 6758,
    }));
    await expect(createMarketplaceApi(full.request).cartOf('7')).resolves.toEqual({
      items: [{ sku: '1076963', name: 'Book', count: 2, price: 3379 }],
      totalPrice: 6758,
    });
    expect(full.calls[0]?.slice(0, 2)).toEqual(['cart', '/user/7/cart']);
    const empty = fakeRequest(refuse('cart', 404));
    await expect(createMarketplaceApi(empty.request).cartOf('7')).resolves.toEqual({
      items: [],
      totalPrice: 0,
    });
  });

  it('checks out and answers the order id as text', async () => {
    const { request, calls } = fakeRequest(() => ({ order_id: 42 }));
    await expect(createMarketplaceApi(request).checkout('3')).resolves.toBe('42');
    expect(calls[0]).toEqual(['cart', '/checkout/3', { method: 'POST', body: undefined }]);
  });

  it('sends cart changes, payments and comments in the shapes the services expect', async () => {
    const { request, calls } = fakeRequest(() => ({ comments: [] }));
    const api = createMarketplaceApi(request);
    await api.addToCart('1', '77', 3);
    await api.removeFromCart('1', '77');
    await api.clearCart('1');
    await api.payOrder('9');
    await api.cancelOrder('9');
    await api.orderInfo('9');
    await api.addComment('1', '77', 'Nice');
    await api.commentsOf('77');
    expect(calls).toEqual([
      ['cart', '/user/1/cart/77', { method: 'POST', body: { count: 3 } }],
      ['cart', '/user/1/cart/77', { method: 'DELETE' }],
      ['cart', '/user/1/cart', { method: 'DELETE' }],
      ['loms', '/order/pay', { method: 'POST', body: { orderId: '9' } }],
      ['loms', '/order/cancel', { method: 'POST', body: { orderId: '9' } }],
      ['loms', '/order/info?orderId=9', undefined],
      ['comments', '/comment/add', { method: 'POST', body: { user_id: '1', sku: '77', comment: 'Nice' } }],
      ['comments', '/comment/list-by-sku', { method: 'POST', body: { sku: '77' } }],
    ]);
  });

  it("pages a user's orders (LOMS OrderList), the page token passed on encoded", async () => {
    const { request, calls } = fakeRequest(() => ({
      orders: [{ orderId: '5', status: 'paid', items: [], createdAt: '2026-11-21T10:00:00Z' }],
      nextPageToken: 'a+b/c=',
    }));
    const api = createMarketplaceApi(request);
    await expect(api.ordersOf('7', 10)).resolves.toEqual({
      orders: [{ orderId: '5', status: 'paid', items: [], createdAt: '2026-11-21T10:00:00Z' }],
      nextPageToken: 'a+b/c=',
    });
    await api.ordersOf('7', 10, 'a+b/c=');
    expect(calls.map((call) => call.slice(0, 2))).toEqual([
      ['loms', '/order/list?userId=7&pageSize=10'],
      ['loms', '/order/list?userId=7&pageSize=10&pageToken=a%2Bb%2Fc%3D'],
    ]);
  });

  it('reads an order list without its fields as empty and last', async () => {
    const { request } = fakeRequest(() => ({}));
    await expect(createMarketplaceApi(request).ordersOf('7', 10)).resolves.toEqual({
      orders: [],
      nextPageToken: '',
    });
  });

  it('signs up, signs in and reads the own account from the users service', async () => {
    const { request, calls } = fakeRequest(() => ({
      accessToken: 't',
      tokenType: 'Bearer',
      expiresIn: 3600,
    }));
    const api = createMarketplaceApi(request);
    await api.signUp({ email: 'ann@example.com', name: 'Ann', password: 'correct horse' });
    await expect(api.signIn('ann@example.com', 'correct horse')).resolves.toMatchObject({ accessToken: 't' });
    await api.accountOf('7');
    expect(calls).toEqual([
      [
        'users',
        '/api/v1/users',
        { method: 'POST', body: { email: 'ann@example.com', name: 'Ann', password: 'correct horse' } },
      ],
      [
        'users',
        '/api/v1/auth/token',
        { method: 'POST', body: { email: 'ann@example.com', password: 'correct horse' } },
      ],
      ['users', '/api/v1/users/7', undefined],
    ]);
  });
});
