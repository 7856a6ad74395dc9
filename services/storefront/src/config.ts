import { ConfigError, createEnvReader, deepFreeze } from '@marketplace/platform';

/** The backend services the storefront proxies to, by the name used in `/api/<name>/...`. */
export const UPSTREAM_NAMES = ['cart', 'products', 'loms', 'comments'] as const;
export type UpstreamName = (typeof UPSTREAM_NAMES)[number];

/** One proxied backend: its base URL, headers added to every call, and whether writes may pass. */
export interface Upstream {
  baseUrl: string;
  headers: Readonly<Record<string, string>>;
  /** Only GET and HEAD are forwarded (the others answer 405). */
  readOnly: boolean;
}

/** Storefront settings, read once from the environment at start. */
export function readStorefrontConfig(env: Record<string, string | undefined> = process.env) {
  const read = createEnvReader(env);
  const problems: string[] = [];
  const url = (name: string, fallback: string) => {
    const value = read.string(name, fallback);
    if (!isHttpUrl(value)) problems.push(`${name}: expected an http:// or https:// URL, got "${value}"`);
    return value.replace(/\/+$/, '');
  };
  const upstreams: Record<UpstreamName, Upstream> = {
    cart: { baseUrl: url('CART_URL', 'http://127.0.0.1:8080'), headers: {}, readOnly: false },
    products: {
      baseUrl: url('PRODUCTS_URL', 'http://127.0.0.1:8082'),
      // Added here so the key never reaches the browser.
      headers: { 'x-api-key': read.string('PRODUCTS_API_KEY', 'testToken') },
      // The page only browses; the server's key must not let a visitor change the catalogue.
      readOnly: true,
    },
    loms: { baseUrl: url('LOMS_URL', 'http://127.0.0.1:8084'), headers: {}, readOnly: false },
    comments: { baseUrl: url('COMMENTS_URL', 'http://127.0.0.1:8086'), headers: {}, readOnly: false },
  };
  const config = {
    host: read.string('HOST', '0.0.0.0'),
    httpPort: read.int('HTTP_PORT', 8090, { max: 65535 }),
    /** Deadline of one proxied call. */
    upstreamTimeoutMs: read.durationMs('UPSTREAM_TIMEOUT', '10s'),
    upstreams,
  };
  try {
    read.done();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.unshift(...err.problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

export type StorefrontConfig = ReturnType<typeof readStorefrontConfig>;

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
