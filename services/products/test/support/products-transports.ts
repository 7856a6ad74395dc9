import type { JsonObject } from '@bufbuild/protobuf';
import { ProductService } from '@marketplace/proto/marketplace/products/v1/products_pb';
import {
  type CallResult,
  type RestRoute,
  type ServiceTransport,
  serviceTransports,
} from '@marketplace/testkit';
import { API_KEY, type TestProducts } from './test-products.ts';

export type { CallResult };
export type ProductMethod = keyof typeof ProductService.method;
/** One way of calling products; calls carry the test API key unless `headers` has its own `x-api-key`. */
export type ProductsTransport = ServiceTransport<ProductMethod>;

const restRoutes: Record<ProductMethod, RestRoute> = {
  getProduct: (req) => ({ method: 'GET', path: `/product/${req.sku}`, responseBody: 'product' }),
  listProducts: (req) => ({
    method: 'GET',
    path: `/product?${new URLSearchParams(Object.entries(req).map(([k, v]): [string, string] => [k, String(v)]))}`,
  }),
  batchGetProducts: (req) => ({ method: 'POST', path: '/product:batchGet', body: req }),
  createProduct: (req) => ({
    method: 'POST',
    path: '/product',
    body: req.product as JsonObject,
    responseBody: 'product',
  }),
  // With a mask, PATCH sends only the masked fields and lets the gateway infer the mask from them.
  updateProduct: (req) => ({
    method: req.updateMask ? 'PATCH' : 'PUT',
    path: `/product/${req.sku}`,
    body: req.updateMask
      ? masked(req.product as JsonObject, String(req.updateMask))
      : (req.product as JsonObject),
    responseBody: 'product',
  }),
  deleteProduct: (req) => ({ method: 'DELETE', path: `/product/${req.sku}` }),
  ingestEvents: (req) => ({ method: 'POST', path: '/product/events', body: req }),
  getIngestBatch: (req) => ({ method: 'GET', path: `/product/events/${req.batchId}` }),
};

function masked(product: JsonObject, mask: string): JsonObject {
  return Object.fromEntries(mask.split(',').map((field) => [field, product[field] ?? null]));
}

/** Products over every transport testkit knows (grpc-js, connect-es JSON and binary, gRPC-Web, REST), with the test API key. */
export function productsTransports(t: () => TestProducts): ProductsTransport[] {
  return serviceTransports(ProductService, t, restRoutes, { headers: { 'x-api-key': API_KEY } });
}
