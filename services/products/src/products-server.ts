import { randomUUID } from 'node:crypto';
import {
  createClientInterceptors,
  createPostgresRateBuckets,
  createTokenVerifier,
  type Logger,
  openServiceBasics,
  type RunningGrpcFirstService,
  runningService,
  startGrpcFirstServer,
} from '@marketplace/platform';
import { startOutboxRelay } from '@marketplace/platform/outbox';
import { ProductService } from '@marketplace/proto/marketplace/products/v1/products_pb';
import { createApiKeyInterceptor } from './api/api-key-interceptor.ts';
import { createCatalogHandlers } from './api/catalog-handlers.ts';
import { createIngestHandlers } from './api/ingest-handlers.ts';
import { callsNeedingApiKey, createProductsGuard } from './api/products-access.ts';
import { createRateLimitInterceptor } from './api/rate-limit-interceptor.ts';
import { createReadLatencyInterceptor } from './api/read-latency-interceptor.ts';
import type { ProductsDeps } from './app/ports.ts';
import { startIngestWorkers } from './app/start-ingest-workers.ts';
import type { ProductsConfig } from './config.ts';
import { createLomsStockClient } from './infra/loms-stock-client.ts';
import { PRODUCTS_MIGRATIONS } from './infra/migrations.ts';
import type { ProductsDatabase } from './infra/schema.ts';
import { createPostgresStore } from './infra/store.ts';

/**
 * A running products service; `stop` ends, in reverse start order: listeners (draining calls),
 * ingest workers, event relay, pool.
 */
export type RunningProducts = RunningGrpcFirstService<ProductsDeps>;

/**
 * Starts products: database, use cases, gRPC/Connect/REST listeners, the ingest workers and the
 * relay of catalogue change events to Kafka.
 */
export async function startProducts(config: ProductsConfig, log: Logger): Promise<RunningProducts> {
  const basics = await openServiceBasics<ProductsDatabase>('products', config, PRODUCTS_MIGRATIONS, log);
  const { metrics, database } = basics;
  const stocks = createLomsStockClient(config.loms, createClientInterceptors(metrics.registry));
  const deps: ProductsDeps = { store: createPostgresStore(database.db), stocks, newId: randomUUID };
  const { auth } = config;
  const tokens =
    auth.mode === 'jwt'
      ? [createProductsGuard(createTokenVerifier(auth, { log: log.child({ subsystem: 'products:auth' }) }))]
      : [];
  const guarded = callsNeedingApiKey(auth.mode);
  const { getProduct, listProducts, batchGetProducts } = ProductService.method;
  const server = await startGrpcFirstServer(basics, {
    service: ProductService,
    implementation: { ...createCatalogHandlers(deps), ...createIngestHandlers(deps, config.ingest) },
    info: {
      title: 'Products',
      version: '1.0.0',
      description:
        auth.mode === 'jwt'
          ? 'The product catalogue. Reads need header X-API-KEY; changes and ingest an admin token (Authorization: Bearer).'
          : 'The product catalogue. Header X-API-KEY required.',
    },
    listen: config,
    guards: [
      ...tokens,
      createApiKeyInterceptor(config.apiKeys, guarded),
      createRateLimitInterceptor({
        keys: config.apiKeys,
        ...config.rateLimit,
        guarded,
        shared: createPostgresRateBuckets(database.pool),
        log: log.child({ subsystem: 'products:rate-limit' }),
      }),
    ],
    interceptors: [
      createReadLatencyInterceptor(config.readLatencyMs, [getProduct, listProducts, batchGetProducts]),
    ],
  });
  const workers = startIngestWorkers(deps, config.ingest, log.child({ subsystem: 'products:ingest' }));
  const relay = config.events.relayEnabled
    ? startOutboxRelay({
        databaseUrl: config.database.url,
        pool: database.pool,
        outbox: {
          lockKey: 'products.outbox-relay',
          applicationName: 'products-outbox-relay',
          topic: config.events.topic,
          // Its insert trigger notifies it (migrations/products/005).
          notifyChannel: 'outbox_inserted',
        },
        settings: config.events,
        clientId: 'products',
        log: log.child({ subsystem: 'products:outbox' }),
        registry: metrics.registry,
      })
    : undefined;

  return runningService(server, deps, [
    () => workers.stop(),
    relay && (() => relay.stop()),
    () => stocks.close(),
    () => database.close(),
  ]);
}
