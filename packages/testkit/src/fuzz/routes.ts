import type { DescService } from '@bufbuild/protobuf';
import { CommentsService } from '@marketplace/proto/marketplace/comments/v1/comments_pb';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { ProductService } from '@marketplace/proto/marketplace/products/v1/products_pb';
import { UserService } from '@marketplace/proto/marketplace/users/v1/users_pb';

export type RpcServiceName = 'loms' | 'products' | 'comments' | 'users';

/** The protobuf service each gRPC-first service serves (gRPC, Connect, gRPC-Web). */
export const RPC_SERVICES: Readonly<Record<RpcServiceName, DescService>> = {
  loms: LomsService,
  products: ProductService,
  comments: CommentsService,
  users: UserService,
};

/**
 * A REST route transcoded from a `google.api.http` rule: `{name}` in the path is a request field;
 * `body` is `*` (the whole request), a field name, or absent (the rest of the fields go in the query).
 */
export interface RestRoute {
  method: string;
  path: string;
  rpc: string;
  body?: string;
}

/** The contract's REST routes of the gRPC-first services, by the RPC they call. */
export const REST_ROUTES: Readonly<Record<RpcServiceName, readonly RestRoute[]>> = {
  loms: [
    { method: 'POST', path: '/order/create', rpc: 'OrderCreate', body: '*' },
    { method: 'GET', path: '/order/info', rpc: 'OrderInfo' },
    { method: 'POST', path: '/order/pay', rpc: 'OrderPay', body: '*' },
    { method: 'POST', path: '/order/cancel', rpc: 'OrderCancel', body: '*' },
    { method: 'GET', path: '/stock/info', rpc: 'StocksInfo' },
    { method: 'POST', path: '/stock/set', rpc: 'StockSet', body: '*' },
    { method: 'GET', path: '/order/list', rpc: 'OrderList' },
  ],
  products: [
    { method: 'GET', path: '/product/{sku}', rpc: 'GetProduct' },
    { method: 'GET', path: '/product', rpc: 'ListProducts' },
    { method: 'POST', path: '/product:batchGet', rpc: 'BatchGetProducts', body: '*' },
    { method: 'POST', path: '/product', rpc: 'CreateProduct', body: 'product' },
    { method: 'PUT', path: '/product/{sku}', rpc: 'UpdateProduct', body: 'product' },
    { method: 'PATCH', path: '/product/{sku}', rpc: 'UpdateProduct', body: 'product' },
    { method: 'DELETE', path: '/product/{sku}', rpc: 'DeleteProduct' },
    { method: 'POST', path: '/product/events', rpc: 'IngestEvents', body: '*' },
    { method: 'GET', path: '/product/events/{batch_id}', rpc: 'GetIngestBatch' },
  ],
  comments: [
    { method: 'POST', path: '/comment/add', rpc: 'CommentAdd', body: '*' },
    { method: 'POST', path: '/comment/get-by-id', rpc: 'CommentGetByID', body: '*' },
    { method: 'POST', path: '/comment/edit', rpc: 'CommentEdit', body: '*' },
    { method: 'POST', path: '/comment/list-by-sku', rpc: 'CommentListBySKU', body: '*' },
    { method: 'POST', path: '/comment/list-by-user', rpc: 'CommentListByUser', body: '*' },
  ],
  users: [
    { method: 'POST', path: '/api/v1/users', rpc: 'CreateUser', body: '*' },
    { method: 'GET', path: '/api/v1/users/{id}', rpc: 'GetUser' },
    { method: 'GET', path: '/api/v1/users', rpc: 'ListUsers' },
    { method: 'PATCH', path: '/api/v1/users/{id}', rpc: 'UpdateUser', body: 'user' },
    { method: 'DELETE', path: '/api/v1/users/{id}', rpc: 'DeleteUser' },
    { method: 'POST', path: '/api/v1/auth/token', rpc: 'SignIn', body: '*' },
    { method: 'GET', path: '/.well-known/jwks.json', rpc: 'GetJwks' },
  ],
};

/** RPCs that change state: valid calls to them use ids outside the seed data, so the seed stays intact. */
export const MUTATING_RPCS = new Set([
  'StockSet',
  'UpdateProduct',
  'DeleteProduct',
  'IngestEvents',
  'CreateProduct',
]);

/** The cart's routes (Fastify, snake_case JSON); `{user_id}` and `{sku}` are int64 path segments. */
export const CART_ROUTES: ReadonlyArray<{ method: string; path: string; body: boolean }> = [
  { method: 'POST', path: '/user/{user_id}/cart/{sku}', body: true },
  { method: 'DELETE', path: '/user/{user_id}/cart/{sku}', body: false },
  { method: 'DELETE', path: '/user/{user_id}/cart', body: false },
  { method: 'GET', path: '/user/{user_id}/cart', body: false },
  { method: 'POST', path: '/checkout/{user_id}', body: false },
];

/** The storefront proxy's allowlist (the page's calls), with the body each one carries. */
export const STOREFRONT_ROUTES: ReadonlyArray<{
  method: string;
  path: string;
  query?: string[];
  body?: string;
}> = [
  { method: 'GET', path: '/api/products/product', query: ['count', 'start_after_sku'] },
  { method: 'GET', path: '/api/loms/stock/info', query: ['sku'] },
  { method: 'GET', path: '/api/loms/order/info', query: ['orderId'] },
  { method: 'POST', path: '/api/loms/order/pay', body: 'orderId' },
  { method: 'POST', path: '/api/loms/order/cancel', body: 'orderId' },
  { method: 'GET', path: '/api/cart/user/{userId}/cart' },
  { method: 'DELETE', path: '/api/cart/user/{userId}/cart' },
  { method: 'POST', path: '/api/cart/user/{userId}/cart/{sku}', body: 'count' },
  { method: 'DELETE', path: '/api/cart/user/{userId}/cart/{sku}' },
  { method: 'POST', path: '/api/cart/checkout/{userId}' },
  { method: 'POST', path: '/api/comments/comment/list-by-sku', body: 'sku' },
  { method: 'POST', path: '/api/comments/comment/add', body: 'comment' },
];

/** Endpoints every service's HTTP port serves besides its API. */
export const OPS_PATHS = ['/healthz', '/readyz', '/metrics'];
export const DOC_PATHS = ['/docs', '/docs/', '/openapi.json'];
export const STOREFRONT_ASSETS = ['/', '/app.js', '/styles.css', '/index.html'];

/** Paths and methods no service serves, some close to real ones. */
export const UNKNOWN_PATHS = [
  '/no/such/route',
  '/order/create/extra',
  '/order//create',
  '/ORDER/CREATE',
  '/order/create/',
  '/order/create%00',
  '/order/create;jsessionid=1',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/../../etc/passwd',
  '/product/1/2/3',
  '/product/%2F',
  '/marketplace.loms.v1.LomsService/NoSuchMethod',
  '/marketplace.nosuch.v1.NoService/Method',
  '/marketplace.loms.v1.LomsService/',
  '/marketplace.loms.v1.LomsService',
  '/grpc.health.v1.Health/Check',
  '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
  '/api/loms/stock/set',
  '/api/products/product/1',
  '/api/cart/../metrics',
  '/api/cart/user/1/cart/1/2',
  '/api/loms/marketplace.loms.v1.LomsService/StockSet',
  '/api/docs',
  '/api',
  '/api/',
  '//',
  '*',
  '/?',
  '/#frag',
  `/${'a'.repeat(4000)}`,
  `/product/${'1'.repeat(70)}`,
  `/user/${'9'.repeat(70)}/cart`,
  '/\u00ff',
];

export const UNKNOWN_METHODS = [
  'PROPFIND',
  'TRACE',
  'FOO',
  'get',
  'M-SEARCH',
  'MKCOL',
  'PURGE',
  'LINK',
  'QUERY',
  'SEARCH',
];
