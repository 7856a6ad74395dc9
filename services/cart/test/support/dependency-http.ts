import { ADMIN_API_KEY, type Dependencies } from './dependencies.ts';

/** An id as tests pass it: a number, or a bigint beyond 2^53; sent as its decimal string. */
type Id = number | bigint;

/** Test setup and checks through the REST APIs of the real LOMS and products (never their code). */
export function dependencyHttp(deps: () => Dependencies) {
  const call = async (base: string, method: string, path: string, body?: unknown, headers = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  // Setup uses its own key, so it never spends the rate-limit budget of the cart's key.
  const admin = { 'x-api-key': ADMIN_API_KEY };
  return {
    createProduct: (sku: Id, name: string, price: number) =>
      call(deps().productsHttp, 'POST', '/product', { sku: String(sku), name, price }, admin),
    /** PATCH: changes only the fields given. */
    updateProduct: (sku: Id, fields: { name?: string; price?: number }) =>
      call(deps().productsHttp, 'PATCH', `/product/${sku}`, fields, admin),
    deleteProduct: (sku: Id) => call(deps().productsHttp, 'DELETE', `/product/${sku}`, undefined, admin),
    setStock: (sku: Id, totalCount: number) =>
      call(deps().lomsHttp, 'POST', '/stock/set', { sku: String(sku), totalCount }),
    stock: async (sku: Id): Promise<number> =>
      (await call(deps().lomsHttp, 'GET', `/stock/info?sku=${sku}`)).count,
    /** OrderCreate through LOMS REST, as the cart would send it with `idempotencyKey`. */
    createOrder: (userId: Id, items: Array<{ sku: Id; count: number }>, idempotencyKey: string) =>
      call(
        deps().lomsHttp,
        'POST',
        '/order/create',
        { userId: String(userId), items: items.map((i) => ({ sku: String(i.sku), count: i.count })) },
        { 'idempotency-key': idempotencyKey },
      ),
    orderInfo: (orderId: Id | string) => call(deps().lomsHttp, 'GET', `/order/info?orderId=${orderId}`),
    payOrder: (orderId: Id | string) =>
      call(deps().lomsHttp, 'POST', '/order/pay', { orderId: String(orderId) }),
    /** products' own count of answered RPCs of `method` (all codes), from its /metrics. */
    async productCalls(method: string): Promise<number> {
      const text = await (await fetch(`${deps().productsHttp}/metrics`)).text();
      let total = 0;
      for (const line of text.split('\n')) {
        if (line.startsWith('rpc_server_requests_total{') && line.includes(`method="${method}"`))
          total += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return total;
    },
  };
}

/** Stocks a new product in both services: a sku of the test's own, so tests do not share stock. */
export async function stockedProduct<T extends Id>(
  api: ReturnType<typeof dependencyHttp>,
  sku: T,
  stock: number,
  price = 100,
): Promise<T> {
  await api.createProduct(sku, `test product ${sku}`, price);
  await api.setStock(sku, stock);
  return sku;
}
