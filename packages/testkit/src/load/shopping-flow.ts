import type { LoadReport } from './load-report.ts';

export interface StackUrls {
  cart: string;
  products: string;
  loms: string;
  productsApiKey: string;
}

/** Skus with deep stock in fixtures/stock-data.json, so a long run does not sell out. */
const DEEP_STOCK_SKUS = [139275865, 1625903];

/**
 * One shopper: browse the catalogue, look at stock, add two items, view the cart, check out, then
 * pay (or cancel, every other time, which gives the stock back). Each call is timed under its route.
 */
export async function shoppingFlow(urls: StackUrls, userId: number, report: LoadReport, timeoutMs = 10_000) {
  const call = async (route: string, url: string, init: RequestInit = {}) => {
    const started = performance.now();
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      const body = await res.text();
      report.record(route, performance.now() - started, res.ok ? undefined : String(res.status));
      return res.ok ? (body ? JSON.parse(body) : {}) : undefined;
    } catch (err) {
      report.record(
        route,
        performance.now() - started,
        (err as Error).name === 'TimeoutError' ? 'timeout' : 'network',
      );
      return undefined;
    }
  };
  const json = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const sku = DEEP_STOCK_SKUS[userId % DEEP_STOCK_SKUS.length]!;

  await call('GET /product', `${urls.products}/product?count=20`, {
    headers: { 'x-api-key': urls.productsApiKey },
  });
  await call('GET /stock/info', `${urls.loms}/stock/info?sku=${sku}`);
  await call('POST /user/{id}/cart/{sku}', `${urls.cart}/user/${userId}/cart/${sku}`, json({ count: 1 }));
  await call(
    'POST /user/{id}/cart/{sku}',
    `${urls.cart}/user/${userId}/cart/${DEEP_STOCK_SKUS[0]}`,
    json({ count: 1 }),
  );
  await call('GET /user/{id}/cart', `${urls.cart}/user/${userId}/cart`);
  const order = await call('POST /checkout/{id}', `${urls.cart}/checkout/${userId}`, { method: 'POST' });
  if (!order?.order_id) return;
  const [route, path] =
    userId % 2 ? ['POST /order/pay', '/order/pay'] : ['POST /order/cancel', '/order/cancel'];
  await call(route, `${urls.loms}${path}`, json({ orderId: String(order.order_id) }));
}
