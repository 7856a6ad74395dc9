import { readAuthSettings, readServiceConfig } from '@marketplace/platform';
import { readOutboxRelaySettings } from '@marketplace/platform/outbox';
import { PRODUCT_EVENTS_TOPIC } from '@marketplace/platform/product-events';

/** Products settings, read once from the environment at start. */
export function readProductsConfig(env: Record<string, string | undefined> = process.env) {
  return readServiceConfig(env, {
    ports: { grpcPort: 8081, httpPort: 8082 },
    database: { database: 'products', poolSize: 20 },
    settings: (read) => {
      const rateLimitRps = read.int('RATE_LIMIT_RPS', 100, { min: 1, max: 1_000_000 });
      const production = env.NODE_ENV === 'production';
      const keys = parseApiKeys(read.string('API_KEYS', DEVELOPMENT_API_KEY), production);
      const auth = readAuthSettings(read);
      const lomsApiKey = read.string('LOMS_API_KEY', DEVELOPMENT_API_KEY);
      if (production && auth.mode === 'jwt' && lomsApiKey === DEVELOPMENT_API_KEY)
        read.problem(
          'LOMS_API_KEY',
          `the development key "${DEVELOPMENT_API_KEY}" is refused when NODE_ENV=production; give products its own LOMS key`,
        );
      const config = {
        /** The accepted X-API-KEY values, one per client, each with its own rate-limit bucket. */
        apiKeys: keys.clients.map((client) => client.key),
        rateLimit: {
          ratePerSecond: rateLimitRps,
          burst: read.int('RATE_LIMIT_BURST', rateLimitRps, { min: 1, max: 1_000_000 }),
        },
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
          /** Sent as X-API-KEY with StockSet: LOMS takes it instead of an admin token when AUTH_MODE=jwt. */
          apiKey: lomsApiKey,
        },
        /** Catalogue change events: written to the outbox with each change, relayed to this topic. */
        events: {
          topic: read.string('PRODUCT_EVENTS_TOPIC', PRODUCT_EVENTS_TOPIC),
          ...readOutboxRelaySettings(read),
          /** Sent events older than this are deleted, every `cleanupIntervalMs`. */
          retentionMs: read.durationMs('OUTBOX_RETENTION', '24h'),
          cleanupIntervalMs: read.durationMs('CLEANUP_INTERVAL', '1m'),
        },
        auth,
      };
      for (const problem of keys.problems) read.problem('API_KEYS', problem);
      return { ...config, readLatencyMs: read.durationMs('PRODUCTS_READ_LATENCY', '0', { allowZero: true }) };
    },
  });
}

export type ProductsConfig = ReturnType<typeof readProductsConfig>;

/** The key of development stacks and of the contract's examples; refused in production. */
export const DEVELOPMENT_API_KEY = 'testToken';

/** One caller of products: a name for people (`cart`, `storefront`) and its X-API-KEY. */
export interface ApiClient {
  name: string;
  key: string;
}

const CLIENT_NAME = /^[A-Za-z][\w.-]{0,63}$/;

/**
 * API_KEYS: comma-separated entries, `name:key` (`cart:3f9c...,storefront:81ab...`) or a bare key
 * (named `key-<position>`); blanks around entries are dropped. Names and keys must be unique: two
 * clients sharing a key would share its rate-limit bucket. In production the development key and
 * empty keys are refused, naming the entry. Problems leave out the variable's name: the reader adds it.
 */
export function parseApiKeys(
  text: string,
  production: boolean,
): { clients: ApiClient[]; problems: string[] } {
  const problems: string[] = [];
  const clients: ApiClient[] = [];
  const entries = text.split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    if (entry === '') return;
    const colon = entry.indexOf(':');
    const named = colon > 0 && CLIENT_NAME.test(entry.slice(0, colon));
    const client = named
      ? { name: entry.slice(0, colon), key: entry.slice(colon + 1).trim() }
      : { name: `key-${index + 1}`, key: entry };
    if (client.key === '') {
      problems.push(`client "${client.name}" has an empty key`);
      return;
    }
    if (clients.some((other) => other.name === client.name))
      problems.push(`client "${client.name}" is named twice`);
    else if (clients.some((other) => other.key === client.key))
      problems.push(`client "${client.name}" has the same key as another client`);
    else clients.push(client);
  });
  if (clients.length === 0 && problems.length === 0) problems.push('expected at least one key');
  const development = clients.filter((client) => client.key === DEVELOPMENT_API_KEY);
  if (production && development.length > 0)
    problems.push(
      `the development key "${DEVELOPMENT_API_KEY}" is refused when NODE_ENV=production (client ${development
        .map((client) => `"${client.name}"`)
        .join(', ')}); give each client its own key`,
    );
  return { clients, problems };
}
