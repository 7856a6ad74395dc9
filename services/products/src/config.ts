import {
  ConfigError,
  createEnvReader,
  deepFreeze,
  parseDuration,
  readHttpEdgeOptions,
} from '@marketplace/platform';

/** Products settings, read once from the environment at start. */
export function readProductsConfig(env: Record<string, string | undefined> = process.env) {
  const read = createEnvReader(env);
  const rateLimitRps = read.int('RATE_LIMIT_RPS', 100, { min: 1, max: 1_000_000 });
  const config = {
    host: read.string('HOST', '0.0.0.0'),
    grpcPort: read.int('GRPC_PORT', 8081, { max: 65535 }),
    httpPort: read.int('HTTP_PORT', 8082, { max: 65535 }),
    database: {
      url: read.string('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/products'),
      maxConnections: read.int('DB_POOL_SIZE', 20, { min: 1, max: 1000 }),
      migrateOnStart: read.bool('MIGRATE_ON_START', true),
    },
    apiKeys: apiKeys(read.string('API_KEYS', 'testToken')),
    rateLimit: {
      ratePerSecond: rateLimitRps,
      burst: read.int('RATE_LIMIT_BURST', rateLimitRps, { min: 1, max: 1_000_000 }),
    },
    readLatencyMs: 0,
    ingest: {
      workers: read.int('INGEST_WORKERS', 4, { min: 0, max: 64 }),
      maxBacklog: read.int('INGEST_MAX_BACKLOG', 10_000, { min: 1 }),
      maxEventsPerBatch: read.int('INGEST_MAX_EVENTS', 1_000, { min: 1, max: 100_000 }),
      chunkSize: read.int('INGEST_CHUNK_SIZE', 50, { min: 1, max: 10_000 }),
      maxAttempts: read.int('INGEST_MAX_ATTEMPTS', 5, { min: 1, max: 1_000 }),
      lomsConcurrency: read.int('INGEST_LOMS_CONCURRENCY', 8, { min: 1, max: 256 }),
      leaseMs: read.durationMs('INGEST_LEASE', '30s'),
      pollIntervalMs: read.durationMs('INGEST_POLL_INTERVAL', '500ms'),
      retryDelayMs: read.durationMs('INGEST_RETRY_DELAY', '5s'),
    },
    loms: {
      address: read.string('LOMS_GRPC_ADDRESS', '127.0.0.1:8083'),
      timeoutMs: read.durationMs('LOMS_TIMEOUT', '2s'),
      attempts: read.int('LOMS_ATTEMPTS', 3, { min: 1, max: 10 }),
    },
  };
  const latency = read.string('PRODUCTS_READ_LATENCY', '0');
  read.done();
  // Zero is allowed here (the platform reader's durations must be positive).
  const readLatencyMs = parseDuration(latency);
  if (readLatencyMs === undefined)
    throw new ConfigError([`PRODUCTS_READ_LATENCY: expected a duration like 600ms or 0, got "${latency}"`]);
  if (config.apiKeys.length === 0) throw new ConfigError(['API_KEYS: expected at least one key']);
  config.readLatencyMs = readLatencyMs;
  return deepFreeze({ ...config, edges: readHttpEdgeOptions(env) });
}

export type ProductsConfig = ReturnType<typeof readProductsConfig>;

/** `a, b,,c` -> [a, b, c]: comma-separated, blanks trimmed and dropped. */
function apiKeys(text: string): string[] {
  return text
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
}
