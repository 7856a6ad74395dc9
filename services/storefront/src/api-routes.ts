import type { UpstreamName } from './config.ts';

/** One call the page makes through `/api/<service>/...`, and so one the proxy passes on. */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'DELETE';
  service: UpstreamName;
  /** The service's own path; `{name}` is one path segment of 1..20 decimal digits (an id). */
  path: string;
  /** Query parameters passed on (others are dropped); routes without any get no query string. */
  query?: readonly string[];
  /** Whether the request body (JSON) is passed on; other routes send none. */
  body?: boolean;
}

/**
 * Exactly the calls of src/web/marketplace-api.ts (test/server/api-routes.test.ts keeps the two in
 * step). Everything else under /api answers 404 without reaching a service: StockSet, order
 * creation, catalogue writes, /metrics, /docs, /openapi.json and the Connect paths included.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', service: 'products', path: '/product', query: ['count', 'start_after_sku'] },
  { method: 'GET', service: 'loms', path: '/stock/info', query: ['sku'] },
  { method: 'GET', service: 'loms', path: '/order/info', query: ['orderId'] },
  { method: 'POST', service: 'loms', path: '/order/pay', body: true },
  { method: 'POST', service: 'loms', path: '/order/cancel', body: true },
  { method: 'GET', service: 'cart', path: '/user/{userId}/cart' },
  { method: 'DELETE', service: 'cart', path: '/user/{userId}/cart' },
  { method: 'POST', service: 'cart', path: '/user/{userId}/cart/{sku}', body: true },
  { method: 'DELETE', service: 'cart', path: '/user/{userId}/cart/{sku}' },
  { method: 'POST', service: 'cart', path: '/checkout/{userId}' },
  { method: 'POST', service: 'comments', path: '/comment/list-by-sku', body: true },
  { method: 'POST', service: 'comments', path: '/comment/add', body: true },
];

/** What a request to `/api/...` is: an allowed call, a known path with another method, or nothing. */
export type RouteMatch =
  | { kind: 'route'; route: ApiRoute; target: string }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

const ID_SEGMENT = '\\d{1,20}';

/**
 * Matches a request line (method and raw request target, as `req.url` holds it) against `routes`.
 * The raw path must equal a route's path exactly: no decoding and no normalising, so `..`, `%2F`,
 * `//`, backslashes and encoded digits match nothing. `target` is the service's path plus the
 * route's own query parameters, re-encoded.
 */
export function matchApiRoute(
  method: string,
  url: string,
  routes: readonly ApiRoute[] = API_ROUTES,
): RouteMatch {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const allow: string[] = [];
  for (const { route, pattern } of compiled(routes)) {
    if (!pattern.test(path)) continue;
    if (route.method !== method) {
      allow.push(route.method);
      continue;
    }
    const servicePath = path.slice(`/api/${route.service}`.length);
    const query = queryAt === -1 ? '' : keptQuery(url.slice(queryAt + 1), route.query ?? []);
    return { kind: 'route', route, target: query ? `${servicePath}?${query}` : servicePath };
  }
  return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
}

const patterns = new WeakMap<readonly ApiRoute[], { route: ApiRoute; pattern: RegExp }[]>();

function compiled(routes: readonly ApiRoute[]) {
  let list = patterns.get(routes);
  if (!list) {
    list = routes.map((route) => {
      const segments = `/api/${route.service}${route.path}`
        .split('/')
        .map((segment) => (/^\{\w+\}$/.test(segment) ? ID_SEGMENT : escapeRegExp(segment)));
      return { route, pattern: new RegExp(`^${segments.join('/')}$`) };
    });
    patterns.set(routes, list);
  }
  return list;
}

/** Only `names`, each once (its first value), in the route's order; everything else is dropped. */
function keptQuery(query: string, names: readonly string[]): string {
  if (names.length === 0) return '';
  const given = new URLSearchParams(query);
  const kept = new URLSearchParams();
  for (const name of names) {
    const value = given.get(name);
    if (value !== null) kept.set(name, value);
  }
  return kept.toString();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
