import type { AddressInfo } from 'node:net';
import {
  createClientInterceptors,
  createHttpEdges,
  createServiceMetrics,
  type Logger,
  openServiceDatabase,
  pingDatabase,
  registerPoolMetrics,
} from '@marketplace/platform';
import { buildCartApp } from './api/http-app.ts';
import type { CartDeps } from './app/ports.ts';
import type { CartConfig } from './config.ts';
import { createLomsClient } from './infra/loms-client.ts';
import { CART_MIGRATIONS } from './infra/migrations.ts';
import { createProductsClient } from './infra/products-client.ts';
import type { CartDatabase } from './infra/schema.ts';
import { createPostgresStore } from './infra/store.ts';

export interface RunningCart {
  httpPort: number;
  deps: CartDeps;
  /** Stops in reverse start order: listener (draining requests), clients, pool. */
  stop(): Promise<void>;
}

/** Starts the cart: database, clients of products and LOMS, use cases and the HTTP listener. */
export async function startCart(config: CartConfig, log: Logger): Promise<RunningCart> {
  const database = await openServiceDatabase<CartDatabase>('cart', config.database, CART_MIGRATIONS, log);
  const metrics = createServiceMetrics('cart');
  registerPoolMetrics(metrics.registry, database.pool, 'cart');
  const interceptors = createClientInterceptors(metrics.registry);
  const products = createProductsClient(
    config.products,
    interceptors,
    log.child({ subsystem: 'cart:products-client' }),
    metrics.registry,
  );
  const orders = createLomsClient(config.loms, interceptors, log.child({ subsystem: 'cart:loms-client' }));
  const deps: CartDeps = { store: createPostgresStore(database.db), products, orders, log };

  const app = await buildCartApp({
    deps,
    metrics,
    log: log.child({ subsystem: 'cart:http' }),
    requestTimeoutMs: config.requestTimeoutMs,
    bodyLimitBytes: config.bodyLimitBytes,
    limits: config.edges.limits,
    edges: createHttpEdges(config.edges),
    ready: () => pingDatabase(database.pool),
  });
  await app.listen({ host: config.host, port: config.httpPort });

  return {
    httpPort: (app.server.address() as AddressInfo).port,
    deps,
    async stop() {
      await app.close();
      products.close();
      orders.close();
      await database.close();
    },
  };
}
