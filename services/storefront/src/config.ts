import { readAuthSettings, readOutboundApiKey, readServiceConfig } from '@marketplace/platform';

/** The backend services the storefront proxies to, by the name used in `/api/<name>/...`. */
export const UPSTREAM_NAMES = ['cart', 'products', 'loms', 'comments', 'users'] as const;
export type UpstreamName = (typeof UPSTREAM_NAMES)[number];

/** One proxied backend: its base URL and headers added to every call. */
export interface Upstream {
  baseUrl: string;
  headers: Readonly<Record<string, string>>;
  /**
   * Whether the visitor's `Authorization` goes to it with AUTH_MODE=jwt: to the services that check
   * the visitor's token, not to products, whose reads the storefront makes under its own key.
   */
  visitorToken: boolean;
}

/** Storefront settings, read once from the environment at start. */
export function readStorefrontConfig(env: Record<string, string | undefined> = process.env) {
  // Request id, CORS and per-client rate limit of the listener (CORS_ORIGINS, RATE_LIMIT_PER_IP)
  // follow as `edges`.
  return readServiceConfig(env, {
    ports: { httpPort: 8090 },
    settings: (read) => {
      // AUTH_MODE and the token settings, as every service reads them: with jwt the page signs in and
      // the proxy checks the visitor's token itself before passing a call on.
      const auth = readAuthSettings(read);
      /** Deadline of one proxied call. */
      const upstreamTimeoutMs = read.durationMs('UPSTREAM_TIMEOUT', '10s');
      // Read after the rest, so a bad URL or key is reported after the other variables.
      const url = (name: string, fallback: string) => {
        const value = read.string(name, fallback);
        if (!isHttpUrl(value)) read.problem(name, `expected an http:// or https:// URL, got "${value}"`);
        return value.replace(/\/+$/, '');
      };
      const upstreams: Record<UpstreamName, Upstream> = {
        cart: { baseUrl: url('CART_URL', 'http://127.0.0.1:8080'), headers: {}, visitorToken: true },
        // Added here so the key never reaches the browser; the proxy's allowlist passes only reads.
        products: {
          baseUrl: url('PRODUCTS_URL', 'http://127.0.0.1:8082'),
          headers: {
            'x-api-key': readOutboundApiKey(
              read,
              'PRODUCTS_API_KEY',
              'give the storefront its own products key',
            ),
          },
          visitorToken: false,
        },
        loms: { baseUrl: url('LOMS_URL', 'http://127.0.0.1:8084'), headers: {}, visitorToken: true },
        comments: { baseUrl: url('COMMENTS_URL', 'http://127.0.0.1:8086'), headers: {}, visitorToken: true },
        // Sign-up, sign-in and the visitor's own account (the proxy passes these with AUTH_MODE=jwt only).
        users: { baseUrl: url('USERS_URL', 'http://127.0.0.1:8092'), headers: {}, visitorToken: true },
      };
      return { upstreamTimeoutMs, upstreams, auth };
    },
  });
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
