import { randomBytes } from 'node:crypto';
import { MARKETPLACE_RECIPES, STACK_PRODUCTS_API_KEY } from '../marketplace-services.ts';
import { withDatabase } from '../postgres.ts';

/** One process of the native stack. */
export interface StackProcess {
  name: string;
  /** Folder under services/. */
  service: string;
  httpPort: number;
  grpcPort?: number;
  env: Record<string, string>;
  /** URLs worth showing a person, besides the HTTP port itself. */
  links: Array<[label: string, path: string]>;
}

export const NOTIFIER_REPLICAS = 3;

/**
 * The address the storefront's calls to the services come from: every process of the native stack
 * listens on and calls 127.0.0.1.
 */
export const STOREFRONT_ADDRESS = '127.0.0.1';

/** The services the storefront proxies to: they trust it to name the visitor in X-Forwarded-For. */
export const BEHIND_STOREFRONT = ['cart', 'products', 'loms', 'comments', 'users'] as const;

/** The products API keys of the native stack's clients of products. */
export interface StackProductsKeys {
  cart: string;
  storefront: string;
}

/** A new key per client for each start, so each has its own key and rate-limit bucket in products. */
export function newStackProductsKeys(): StackProductsKeys {
  const key = (client: string) => `${client}-${randomBytes(16).toString('hex')}`;
  return { cart: key('cart'), storefront: key('storefront') };
}

/**
 * The whole stack on the contract's ports over persistent databases on `postgresUrl`'s server:
 * the same per-service settings as the test stack, with the outbox relays of LOMS and products on
 * (order and product events), the cart's products cache on, and products keys
 * of their own for the cart and the storefront. Products also keeps accepting the development key
 * (`testToken`, the contract's default) as client `dev`, for curl, ingest and `make load`. The
 * services behind the storefront trust its address (TRUSTED_PROXIES), so their per-client rate
 * limits count each visitor the storefront names in X-Forwarded-For, not the storefront as one.
 * `authMode` (AUTH_MODE, when set) goes to every process, so the whole stack runs in one mode.
 */
export function planStack(
  postgresUrl: string,
  kafkaBrokers: string[],
  keys: StackProductsKeys = newStackProductsKeys(),
  authMode: string | undefined = process.env.AUTH_MODE,
): StackProcess[] {
  return planProcesses(postgresUrl, kafkaBrokers, keys).map((p) =>
    authMode ? { ...p, env: { ...p.env, AUTH_MODE: authMode } } : p,
  );
}

function planProcesses(postgresUrl: string, kafkaBrokers: string[], keys: StackProductsKeys): StackProcess[] {
  const db = (name: string) => withDatabase(postgresUrl, name);
  const grpcAddressOf = (name: string) => `127.0.0.1:${{ loms: 8083, products: 8081 }[name as 'loms']}`;
  const kafka = { KAFKA_BROKERS: kafkaBrokers.join(',') };
  const behindStorefront = { TRUSTED_PROXIES: STOREFRONT_ADDRESS };
  const docs: Array<[string, string]> = [
    ['Swagger UI', '/docs'],
    ['metrics', '/metrics'],
  ];
  return [
    {
      name: 'loms',
      service: 'loms',
      grpcPort: 8083,
      httpPort: 8084,
      env: {
        ...MARKETPLACE_RECIPES.loms.env({ databaseUrls: [db('loms')], grpcAddressOf }),
        ...kafka,
        OUTBOX_RELAY_ENABLED: 'true',
        ...behindStorefront,
      },
      links: docs,
    },
    {
      name: 'products',
      service: 'products',
      grpcPort: 8081,
      httpPort: 8082,
      env: {
        ...MARKETPLACE_RECIPES.products.env({ databaseUrls: [db('products')], grpcAddressOf }),
        API_KEYS: `cart:${keys.cart},storefront:${keys.storefront},dev:${STACK_PRODUCTS_API_KEY}`,
        ...kafka,
        OUTBOX_RELAY_ENABLED: 'true',
        ...behindStorefront,
      },
      links: docs,
    },
    {
      name: 'comments',
      service: 'comments',
      grpcPort: 8085,
      httpPort: 8086,
      env: {
        ...MARKETPLACE_RECIPES.comments.env({
          databaseUrls: [db('comments_shard_0'), db('comments_shard_1')],
          grpcAddressOf,
        }),
        ...behindStorefront,
      },
      links: docs,
    },
    {
      name: 'users',
      service: 'users',
      grpcPort: 8091,
      httpPort: 8092,
      env: {
        ...MARKETPLACE_RECIPES.users.env({ databaseUrls: [db('users')], grpcAddressOf }),
        ...behindStorefront,
      },
      links: docs,
    },
    {
      name: 'cart',
      service: 'cart',
      httpPort: 8080,
      env: {
        ...MARKETPLACE_RECIPES.cart.env({ databaseUrls: [db('cart')], grpcAddressOf }),
        PRODUCTS_API_KEY: keys.cart,
        ...kafka,
        PRODUCT_CACHE_MAX_ENTRIES: '10000',
        ...behindStorefront,
      },
      links: docs,
    },
    ...Array.from({ length: NOTIFIER_REPLICAS }, (_, i) => ({
      name: `notifier-${i + 1}`,
      service: 'notifier',
      httpPort: 8088 + 10 * i,
      env: { DATABASE_URL: db('notifier'), ...kafka },
      links: [['metrics', '/metrics']] as Array<[string, string]>,
    })),
    {
      name: 'storefront',
      service: 'storefront',
      httpPort: 8090,
      env: { PRODUCTS_API_KEY: keys.storefront },
      links: [['storefront', '/']],
    },
  ];
}
