import {
  ConfigError,
  readAuthSettings,
  readClientBreakerSettings,
  readClientCallSettings,
  readOutboundApiKey,
  readServiceConfig,
} from '@marketplace/platform';
import { PRODUCT_EVENTS_TOPIC } from '@marketplace/platform/product-events';

/** Cart settings, read once from the environment at start. */
export function readCartConfig(env = process.env) {
  const config = readServiceConfig(env, {
    ports: { httpPort: 8080 },
    database: { database: 'cart', poolSize: 20 },
    settings: (read) => ({
      /** Deadline of a whole HTTP request, rate-limit waits and retries included. */
      requestTimeoutMs: read.durationMs('REQUEST_TIMEOUT', '15s'),
      /** Largest body; the cart only takes `{"count": N}`. Larger ones are 413. */
      bodyLimitBytes: read.bytes('BODY_LIMIT', 64 * 1024, { min: 64, max: 1024 * 1024 }),
      products: {
        address: read.string('PRODUCTS_GRPC_ADDRESS', '127.0.0.1:8081'),
        apiKey: readOutboundApiKey(read, 'PRODUCTS_API_KEY', 'give the cart its own products key'),
        ratePerSecond: read.int('PRODUCTS_RATE_LIMIT', 10, { min: 1, max: 100_000 }),
        burst: read.int('PRODUCTS_RATE_BURST', 10, { min: 1, max: 100_000 }),
        /** Skus per BatchGetProducts call; 1 asks GetProduct for each sku (in parallel). */
        batchSize: read.int('PRODUCTS_BATCH_SIZE', 100, { min: 1, max: 100 }),
        ...readClientCallSettings(read, 'PRODUCTS', { callTimeout: '3s', retryAttempts: 3 }),
        ...readClientBreakerSettings(read, 'PRODUCTS'),
      },
      /**
       * Names and prices kept by the cart, refreshed and evicted by products' change events on
       * `topic`; 0 entries turns the cache and its consumer off.
       */
      productCache: {
        maxEntries: read.int('PRODUCT_CACHE_MAX_ENTRIES', 10_000, { min: 0, max: 10_000_000 }),
        ttlMs: read.durationMs('PRODUCT_CACHE_TTL', '60s'),
        topic: read.string('PRODUCT_EVENTS_TOPIC', PRODUCT_EVENTS_TOPIC),
        kafkaBrokers: read.string('KAFKA_BROKERS', '127.0.0.1:9092').split(','),
      },
      loms: {
        address: read.string('LOMS_GRPC_ADDRESS', '127.0.0.1:8083'),
        ...readClientCallSettings(read, 'LOMS', { callTimeout: '5s', retryAttempts: 3 }),
      },
      auth: readAuthSettings(read),
    }),
  });
  // IDLE_TIMEOUT is one of the listener's edge limits, read once the cart's own settings are good.
  if (config.edges.limits.idleTimeoutMs <= config.requestTimeoutMs)
    throw new ConfigError(['IDLE_TIMEOUT: must be longer than REQUEST_TIMEOUT, or answers would be cut off']);
  return config;
}

export type CartConfig = ReturnType<typeof readCartConfig>;
