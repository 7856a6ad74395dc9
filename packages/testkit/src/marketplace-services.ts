/** The services `startMarketplaceServices` can start, each from its own folder under services/. */
export type MarketplaceServiceName =
  | 'loms'
  | 'products'
  | 'cart'
  | 'comments'
  | 'users'
  | 'notifier'
  | 'storefront';

/** The API key the stack configures in products and hands to its clients (cart, the storefront). */
export const STACK_PRODUCTS_API_KEY = 'testToken';

/** The first admin the stack seeds into the users service (development stacks only). */
export const STACK_ADMIN = { email: 'admin@marketplace.local', password: 'marketplace-admin' } as const;

/** What a recipe knows when it builds a service's environment. */
export interface RecipeContext {
  /** The service's own throwaway databases, migrated, in the order the recipe named them. */
  databaseUrls: string[];
  /** host:port of the gRPC listener of an already started dependency. */
  grpcAddressOf(name: MarketplaceServiceName): string;
}

/** How to run one service as a child process: its databases, dependencies and settings. */
export interface ServiceRecipe {
  /** Started (and ready) before this one; their addresses go into its environment. */
  dependsOn: MarketplaceServiceName[];
  /** Whether the service has a gRPC listener (GRPC_PORT) besides its HTTP one. */
  grpc: boolean;
  /** One throwaway database per entry, migrated from migrations/<entry>. */
  databases: string[];
  env(context: RecipeContext): Record<string, string>;
}

/**
 * Per-service settings, from each service's README/config: every listener on 127.0.0.1 and a
 * free port, LOMS and products without their Kafka relays, the cart without its products cache (so
 * nothing reads or writes the stack's topics), products with one known API key, comments on two
 * shards. The notifier and the storefront take what only the caller knows from its `env`: the
 * notifier its broker, topics and group (without them it reaches no broker: never the stack's
 * topics), the storefront the URLs of the services behind it.
 */
export const MARKETPLACE_RECIPES: Readonly<Record<MarketplaceServiceName, ServiceRecipe>> = {
  loms: {
    dependsOn: [],
    grpc: true,
    databases: ['loms'],
    env: ({ databaseUrls: [url] }) => ({ DATABASE_URL: url!, OUTBOX_RELAY_ENABLED: 'false' }),
  },
  products: {
    // Its ingest workers set stock in LOMS.
    dependsOn: ['loms'],
    grpc: true,
    databases: ['products'],
    env: ({ databaseUrls: [url], grpcAddressOf }) => ({
      DATABASE_URL: url!,
      API_KEYS: STACK_PRODUCTS_API_KEY,
      LOMS_GRPC_ADDRESS: grpcAddressOf('loms'),
      OUTBOX_RELAY_ENABLED: 'false',
    }),
  },
  cart: {
    dependsOn: ['loms', 'products'],
    grpc: false,
    databases: ['cart'],
    env: ({ databaseUrls: [url], grpcAddressOf }) => ({
      DATABASE_URL: url!,
      LOMS_GRPC_ADDRESS: grpcAddressOf('loms'),
      PRODUCTS_GRPC_ADDRESS: grpcAddressOf('products'),
      PRODUCTS_API_KEY: STACK_PRODUCTS_API_KEY,
      PRODUCT_CACHE_MAX_ENTRIES: '0',
    }),
  },
  comments: {
    dependsOn: [],
    grpc: true,
    databases: ['comments', 'comments'],
    env: ({ databaseUrls }) => ({ SHARD_URLS: databaseUrls.join(',') }),
  },
  users: {
    dependsOn: [],
    grpc: true,
    databases: ['users'],
    // Its seed command creates the first admin; tokens are signed with a key generated at start.
    env: ({ databaseUrls: [url] }) => ({
      DATABASE_URL: url!,
      ADMIN_EMAIL: STACK_ADMIN.email,
      ADMIN_PASSWORD: STACK_ADMIN.password,
    }),
  },
  notifier: {
    dependsOn: [],
    grpc: false,
    databases: ['notifier'],
    env: ({ databaseUrls: [url] }) => ({
      DATABASE_URL: url!,
      MIGRATE_ON_START: 'false',
      KAFKA_BROKERS: '127.0.0.1:1',
      ORDER_EVENTS_TOPIC: 'unset.order-events',
      DLQ_TOPIC: 'unset.order-events.dlq',
    }),
  },
  storefront: {
    dependsOn: [],
    grpc: false,
    databases: [],
    env: () => ({}),
  },
};

/**
 * The asked services plus everything they depend on, in start waves: every service of a wave
 * depends only on services of earlier waves, so a wave starts in parallel.
 */
export function planStartWaves(
  asked: readonly MarketplaceServiceName[],
  recipes: Readonly<Record<MarketplaceServiceName, ServiceRecipe>> = MARKETPLACE_RECIPES,
): MarketplaceServiceName[][] {
  const needed = new Set<MarketplaceServiceName>();
  const visit = (name: MarketplaceServiceName, path: MarketplaceServiceName[]) => {
    if (path.includes(name)) throw new Error(`dependency cycle: ${[...path, name].join(' -> ')}`);
    for (const dependency of recipes[name].dependsOn) visit(dependency, [...path, name]);
    needed.add(name);
  };
  for (const name of asked) visit(name, []);
  const waves: MarketplaceServiceName[][] = [];
  const started = new Set<MarketplaceServiceName>();
  while (started.size < needed.size) {
    const wave = [...needed].filter(
      (name) => !started.has(name) && recipes[name].dependsOn.every((d) => started.has(d)),
    );
    for (const name of wave) started.add(name);
    waves.push(wave);
  }
  return waves;
}
