import { fromJson, type JsonObject, toJson } from '@bufbuild/protobuf';
import { ProductService } from '@marketplace/proto/marketplace/products/v1/products_pb';
import { API_KEY, type TestProducts } from './test-products.ts';

export type ProductMethod = keyof typeof ProductService.method;
export type CallResult =
  | { ok: true; json: JsonObject }
  | { ok: false; code: number; message: string; httpStatus?: number };

/** One way of calling products; every contract test runs through each. */
export interface ProductsTransport {
  name: string;
  /** Calls with the test API key unless `headers` carries its own `x-api-key`. */
  call(method: ProductMethod, request: JsonObject, headers?: Record<string, string>): Promise<CallResult>;
}

interface RestRoute {
  method: string;
  path: string;
  body?: JsonObject;
  /** REST answers `response_body: "product"` routes with the product alone. */
  wrap?: 'product';
}

const restRoutes: Record<ProductMethod, (req: JsonObject) => RestRoute> = {
  getProduct: (req) => ({ method: 'GET', path: `/product/${req.sku}`, wrap: 'product' }),
  listProducts: (req) => ({
    method: 'GET',
    path: `/product?${new URLSearchParams(Object.entries(req).map(([k, v]): [string, string] => [k, String(v)]))}`,
  }),
  batchGetProducts: (req) => ({ method: 'POST', path: '/product:batchGet', body: req }),
  createProduct: (req) => ({
    method: 'POST',
    path: '/product',
    body: req.product as JsonObject,
    wrap: 'product',
  }),
  // With a mask, PATCH sends only the masked fields and lets the gateway infer the mask from them.
  updateProduct: (req) => ({
    method: req.updateMask ? 'PATCH' : 'PUT',
    path: `/product/${req.sku}`,
    body: req.updateMask
      ? masked(req.product as JsonObject, String(req.updateMask))
      : (req.product as JsonObject),
    wrap: 'product',
  }),
  deleteProduct: (req) => ({ method: 'DELETE', path: `/product/${req.sku}` }),
  ingestEvents: (req) => ({ method: 'POST', path: '/product/events', body: req }),
  getIngestBatch: (req) => ({ method: 'GET', path: `/product/events/${req.batchId}` }),
};

function masked(product: JsonObject, mask: string): JsonObject {
  return Object.fromEntries(mask.split(',').map((field) => [field, product[field] ?? null]));
}

async function httpCall(
  t: TestProducts,
  route: RestRoute,
  headers: Record<string, string> = {},
): Promise<CallResult> {
  const init: RequestInit & { headers: Record<string, string> } = { method: route.method, headers };
  if (route.body) init.body = JSON.stringify(route.body);
  const res = await t.http(route.path, init);
  if (res.status >= 200 && res.status < 300)
    return { ok: true, json: route.wrap ? { [route.wrap]: res.body } : res.body };
  return { ok: false, code: res.body.code, message: res.body.message, httpStatus: res.status };
}

export function productsTransports(t: () => TestProducts): ProductsTransport[] {
  return [
    {
      name: 'gRPC (grpc-js)',
      async call(method, request, headers) {
        const desc = ProductService.method[method];
        try {
          const response = await t().grpc.call(
            // biome-ignore lint/suspicious/noExplicitAny: the method is chosen at run time
            method as any,
            // biome-ignore lint/suspicious/noExplicitAny: the method is chosen at run time
            fromJson(desc.input, request) as any,
            { 'x-api-key': API_KEY, ...headers },
          );
          return {
            ok: true,
            json: toJson(desc.output, response as never, { alwaysEmitImplicit: true }) as JsonObject,
          };
        } catch (err) {
          const { code, details } = err as { code: number; details: string };
          return { ok: false, code, message: details };
        }
      },
    },
    {
      name: 'Connect JSON',
      call: (method, request, headers) =>
        httpCall(
          t(),
          {
            method: 'POST',
            path: `/${ProductService.typeName}/${ProductService.method[method].name}`,
            body: request,
          },
          headers,
        ),
    },
    {
      name: 'REST',
      call: (method, request, headers) => httpCall(t(), restRoutes[method](request), headers),
    },
  ];
}
