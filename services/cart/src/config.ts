import { ConfigError, createEnvReader, deepFreeze } from '@marketplace/platform';

/** Cart settings, read once from the environment at start. */
export function readCartConfig(env = process.env) {
  const read = createEnvReader(env);
  const config = {
    host: read.string('HOST', '0.0.0.0'),
    httpPort: read.int('HTTP_PORT', 8080, { max: 65535 }),
    /** Deadline of a whole HTTP request, rate-limit waits and retries included. */
    requestTimeoutMs: read.durationMs('REQUEST_TIMEOUT', '15s'),
    /** Limits of the HTTP listener against slow or oversized requests and idle connections. */
    http: {
      /** The whole request (headers and body) must have arrived within this; 408 otherwise. */
      readTimeoutMs: read.durationMs('HTTP_READ_TIMEOUT', '30s'),
      /** The headers must have arrived within this; 408 otherwise. */
      headersTimeoutMs: read.durationMs('HTTP_HEADERS_TIMEOUT', '10s'),
      /** A socket with no traffic at all for this long is closed (must exceed REQUEST_TIMEOUT). */
      idleTimeoutMs: read.durationMs('HTTP_IDLE_TIMEOUT', '60s'),
      /** A kept-alive connection waiting for its next request is closed after this. */
      keepAliveTimeoutMs: read.durationMs('HTTP_KEEP_ALIVE_TIMEOUT', '5s'),
      /** Largest body; the cart only takes `{"count": N}`. Larger ones are 413. */
      bodyLimitBytes: read.bytes('HTTP_BODY_LIMIT', 64 * 1024, { min: 64, max: 1024 * 1024 }),
    },
    database: {
      url: read.string('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/cart'),
      maxConnections: read.int('DB_POOL_SIZE', 20, { min: 1, max: 1000 }),
      migrateOnStart: read.bool('MIGRATE_ON_START', true),
    },
    products: {
      address: read.string('PRODUCTS_GRPC_ADDRESS', '127.0.0.1:8081'),
      apiKey: productsApiKey(env, read.string('PRODUCTS_API_KEY', 'testToken')),
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
  };
  if (config.http.headersTimeoutMs > config.http.readTimeoutMs)
    read.problem('HTTP_HEADERS_TIMEOUT', 'must not be longer than HTTP_READ_TIMEOUT');
  if (config.http.idleTimeoutMs <= config.requestTimeoutMs)
    read.problem('HTTP_IDLE_TIMEOUT', 'must be longer than REQUEST_TIMEOUT, or answers would be cut off');
  read.done();
  return deepFreeze(config);
}

export type CartConfig = ReturnType<typeof readCartConfig>;

/** The cart's products key; the development key (or a blank one) stops a production start. */
function productsApiKey(env: Record<string, string | undefined>, key: string): string {
  if (env.NODE_ENV === 'production' && (key === 'testToken' || key.trim() === ''))
    throw new ConfigError([
      'PRODUCTS_API_KEY: the development key "testToken" (or an empty key) is refused when NODE_ENV=production; give the cart its own products key',
    ]);
  return key;
}
