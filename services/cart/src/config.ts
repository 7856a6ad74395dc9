import {
  ConfigError,
  createEnvReader,
  DEVELOPMENT_API_KEY,
  deepFreeze,
  isDevelopmentApiKey,
  readAuthSettings,
  readHttpEdgeOptions,
} from '@marketplace/platform';

/** Cart settings, read once from the environment at start. */
export function readCartConfig(env = process.env) {
  const read = createEnvReader(env);
  const config = {
    host: read.string('HOST', '0.0.0.0'),
    httpPort: read.int('HTTP_PORT', 8080, { max: 65535 }),
    /** Deadline of a whole HTTP request, rate-limit waits and retries included. */
    requestTimeoutMs: read.durationMs('REQUEST_TIMEOUT', '15s'),
    /** Largest body; the cart only takes `{"count": N}`. Larger ones are 413. */
    bodyLimitBytes: read.bytes('BODY_LIMIT', 64 * 1024, { min: 64, max: 1024 * 1024 }),
    database: {
      url: read.string('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/cart'),
      maxConnections: read.int('DB_POOL_SIZE', 20, { min: 1, max: 1000 }),
      migrateOnStart: read.bool('MIGRATE_ON_START', true),
    },
    products: {
      address: read.string('PRODUCTS_GRPC_ADDRESS', '127.0.0.1:8081'),
      apiKey: productsApiKey(env, read.string('PRODUCTS_API_KEY', DEVELOPMENT_API_KEY)),
      ratePerSecond: read.int('PRODUCTS_RATE_LIMIT', 10, { min: 1, max: 100_000 }),
      burst: read.int('PRODUCTS_RATE_BURST', 10, { min: 1, max: 100_000 }),
      /** Skus per BatchGetProducts call; 1 asks GetProduct for each sku (in parallel). */
      batchSize: read.int('PRODUCTS_BATCH_SIZE', 100, { min: 1, max: 100 }),
      callTimeoutMs: read.durationMs('PRODUCTS_CALL_TIMEOUT', '3s'),
      retryAttempts: read.int('PRODUCTS_RETRY_ATTEMPTS', 3, { min: 1, max: 10 }),
      breakerFailures: read.int('PRODUCTS_BREAKER_FAILURES', 5, { min: 1, max: 1000 }),
      breakerHalfOpenAfterMs: read.durationMs('PRODUCTS_BREAKER_HALF_OPEN_AFTER', '5s'),
    },
    loms: {
      address: read.string('LOMS_GRPC_ADDRESS', '127.0.0.1:8083'),
      callTimeoutMs: read.durationMs('LOMS_CALL_TIMEOUT', '5s'),
      retryAttempts: read.int('LOMS_RETRY_ATTEMPTS', 3, { min: 1, max: 10 }),
    },
    auth: readAuthSettings(read),
  };
  // The listener's shared edge and limits (READ_TIMEOUT, HEADERS_TIMEOUT, IDLE_TIMEOUT, ...).
  const edges = readHttpEdgeOptions(env);
  if (edges.limits.idleTimeoutMs <= config.requestTimeoutMs)
    read.problem('IDLE_TIMEOUT', 'must be longer than REQUEST_TIMEOUT, or answers would be cut off');
  read.done();
  return deepFreeze({ ...config, edges });
}

export type CartConfig = ReturnType<typeof readCartConfig>;

/** The cart's products key; the development key (or a blank one) stops a production start. */
function productsApiKey(env: Record<string, string | undefined>, key: string): string {
  if (env.NODE_ENV === 'production' && isDevelopmentApiKey(key))
    throw new ConfigError([
      'PRODUCTS_API_KEY: the development key "testToken" (or an empty key) is refused when NODE_ENV=production; give the cart its own products key',
    ]);
  return key;
}
