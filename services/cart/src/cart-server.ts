import type { AddressInfo } from 'node:net';
import {
  createClientInterceptors,
  createHttpEdges,
  createPostgresRateBuckets,
  createTokenVerifier,
  type Logger,
  limitConnections,
  openServiceBasics,
  readinessCheck,
} from '@marketplace/platform';
import { createCartAuthentication } from './api/authentication.ts';
import { buildCartApp } from './api/http-app.ts';
import type { CartDeps } from './app/ports.ts';
import type { CartConfig } from './config.ts';
import { createCachedProductCatalog } from './infra/cached-product-catalog.ts';
import { createLomsClient } from './infra/loms-client.ts';
import { CART_MIGRATIONS } from './infra/migrations.ts';
import { createProductCache } from './infra/product-cache.ts';
import { startProductEventsConsumer } from './infra/product-events-consumer.ts';
import { createProductsClient } from './infra/products-client.ts';
import type { CartDatabase } from './infra/schema.ts';
import { createPostgresStore } from './infra/store.ts';

/** How long requests in flight may run once the listener stops, before their connections are cut. */
const STOP_GRACE_MS = 10_000;

export interface RunningCart {
  httpPort: number;
  deps: CartDeps;
  /**
   * Stops in reverse start order: the listener (no new connections; requests in flight answered,
   * kept-alive connections closed as they go idle), clients, pool. runService calls it after the
   * drain period.
   */
  stop(): Promise<void>;
}

/**
 * Starts the cart: database, clients of products and LOMS (products read through a cache that
 * product change events keep fresh, unless PRODUCT_CACHE_MAX_ENTRIES=0), use cases and the HTTP
 * listener.
 */
export async function startCart(config: CartConfig, log: Logger): Promise<RunningCart> {
  const basics = await openServiceBasics<CartDatabase>('cart', config, CART_MIGRATIONS, log);
  const { metrics, database } = basics;
  const interceptors = createClientInterceptors(metrics.registry);
  const products = createProductsClient(
    config.products,
    interceptors,
    log.child({ subsystem: 'cart:products-client' }),
    metrics.registry,
    createPostgresRateBuckets(database.pool),
  );
  const orders = createLomsClient(config.loms, interceptors, log.child({ subsystem: 'cart:loms-client' }));
  const { productCache } = config;
  const cache =
    productCache.maxEntries > 0
      ? createProductCache({ ...productCache, registry: metrics.registry })
      : undefined;
  const productEvents =
    cache &&
    startProductEventsConsumer(
      { brokers: productCache.kafkaBrokers, topic: productCache.topic },
      cache,
      log.child({ subsystem: 'cart:product-events' }),
    );
  const deps: CartDeps = {
    store: createPostgresStore(database.db),
    products: cache ? createCachedProductCatalog(products, cache) : products,
    orders,
    log,
  };
  const { auth } = config;
  const authenticate =
    auth.mode === 'jwt'
      ? createCartAuthentication(createTokenVerifier(auth, { log: log.child({ subsystem: 'cart:auth' }) }))
      : undefined;

  const app = await buildCartApp({
    deps,
    metrics,
    log: log.child({ subsystem: 'cart:http' }),
    requestTimeoutMs: config.requestTimeoutMs,
    bodyLimitBytes: config.bodyLimitBytes,
    limits: config.edges.limits,
    edges: createHttpEdges(config.edges),
    // Joins the readiness runService shuts down by: /readyz is 503 from the first moment of a
    // shutdown, while the listener still serves through the drain period.
    ready: readinessCheck(basics.ready),
    authenticate,
  });
  limitConnections(app.server, config.edges.limits, config.edges.trustedProxies);
  await app.listen({ host: config.host, port: config.httpPort });

  return {
    httpPort: (app.server.address() as AddressInfo).port,
    deps,
    async stop() {
      // Fastify closes the connections idle at this moment; one that is answering a request would
      // stay open, kept alive, for KEEP_ALIVE_TIMEOUT after its answer: it is closed as it goes idle.
      // Requests still running after the grace period are cut.
      const idle = setInterval(() => app.server.closeIdleConnections(), 50);
      const cut = setTimeout(() => app.server.closeAllConnections(), STOP_GRACE_MS);
      try {
        await app.close();
      } finally {
        clearInterval(idle);
        clearTimeout(cut);
      }
      await productEvents?.stop();
      products.close();
      orders.close();
      await database.close();
    },
  };
}
