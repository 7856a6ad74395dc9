import type { AuthMode } from '@marketplace/platform';
import type { UpstreamName } from '../config.ts';

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
  /**
   * The path placeholder or query parameter naming the user the call acts for: with AUTH_MODE=jwt it
   * must be the signed-in visitor (403 otherwise, before any service is called).
   */
  owner?: string;
  /** Callable without a token with AUTH_MODE=jwt (sign-up and sign-in); every other route needs one. */
  public?: boolean;
  /** Only in this mode: the account calls, which the page makes with AUTH_MODE=jwt only. */
  mode?: AuthMode;
}

/**
 * Exactly the calls of src/web/marketplace-api.ts (test/server/api-routes.test.ts keeps the two in
 * step, in each mode). Everything else under /api answers 404 without reaching a service: StockSet,
 * order creation, catalogue writes, the users service's other calls (listing users, changing or
 * deleting an account), /metrics, /docs, /openapi.json and the Connect paths included.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', service: 'products', path: '/product', query: ['count', 'start_after_sku'] },
  { method: 'GET', service: 'loms', path: '/stock/info', query: ['sku'] },
  { method: 'GET', service: 'loms', path: '/order/info', query: ['orderId'] },
  {
    method: 'GET',
    service: 'loms',
    path: '/order/list',
    query: ['userId', 'pageSize', 'pageToken'],
    owner: 'userId',
  },
  { method: 'POST', service: 'loms', path: '/order/pay', body: true },
  { method: 'POST', service: 'loms', path: '/order/cancel', body: true },
  { method: 'GET', service: 'cart', path: '/user/{userId}/cart', owner: 'userId' },
  { method: 'DELETE', service: 'cart', path: '/user/{userId}/cart', owner: 'userId' },
  { method: 'POST', service: 'cart', path: '/user/{userId}/cart/{sku}', body: true, owner: 'userId' },
  { method: 'DELETE', service: 'cart', path: '/user/{userId}/cart/{sku}', owner: 'userId' },
  { method: 'POST', service: 'cart', path: '/checkout/{userId}', owner: 'userId' },
  { method: 'POST', service: 'comments', path: '/comment/list-by-sku', body: true },
  { method: 'POST', service: 'comments', path: '/comment/add', body: true },
  // Sign-up, sign-in and the signed-in visitor's own account.
  { method: 'POST', service: 'users', path: '/api/v1/users', body: true, public: true, mode: 'jwt' },
  { method: 'POST', service: 'users', path: '/api/v1/auth/token', body: true, public: true, mode: 'jwt' },
  { method: 'GET', service: 'users', path: '/api/v1/users/{userId}', owner: 'userId', mode: 'jwt' },
];

/** The routes of the page in `mode`: the account routes only with jwt. */
export function apiRoutesFor(mode: AuthMode): readonly ApiRoute[] {
  return mode === 'jwt' ? JWT_ROUTES : OFF_ROUTES;
}

const JWT_ROUTES = API_ROUTES.filter((route) => route.mode === undefined || route.mode === 'jwt');
const OFF_ROUTES = API_ROUTES.filter((route) => route.mode === undefined || route.mode === 'off');

/** What a request to `/api/...` is: an allowed call, a known path with another method, or nothing. */
export type RouteMatch =
  | {
      kind: 'route';
      route: ApiRoute;
      target: string;
      /** The user id the call acts for (the route's `owner`), when the request names one. */
      owner: string | undefined;
    }
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
    const query =
      queryAt === -1 ? new URLSearchParams() : keptQuery(url.slice(queryAt + 1), route.query ?? []);
    const text = query.toString();
    return {
      kind: 'route',
      route,
      target: text ? `${servicePath}?${text}` : servicePath,
      owner: route.owner === undefined ? undefined : ownerOf(route, servicePath, query),
    };
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
function keptQuery(query: string, names: readonly string[]): URLSearchParams {
  const kept = new URLSearchParams();
  if (names.length === 0) return kept;
  const given = new URLSearchParams(query);
  for (const name of names) {
    const value = given.get(name);
    if (value !== null) kept.set(name, value);
  }
  return kept;
}

/** The value of the route's `owner`: its path segment (`{userId}`), else its (kept) query parameter. */
function ownerOf(route: ApiRoute, servicePath: string, query: URLSearchParams): string | undefined {
  const placeholder = `{${route.owner}}`;
  const at = route.path.split('/').indexOf(placeholder);
  if (at !== -1) return servicePath.split('/')[at];
  return query.get(route.owner ?? '') ?? undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
