import { ProductService } from '@marketplace/proto/marketplace/products/v1/products_pb';
import { createGrpcJsClient, fetchAnswer } from '@marketplace/testkit';
import { pino } from 'pino';
import { readProductsConfig } from '../../src/config.ts';
import { startProducts } from '../../src/products-server.ts';
import { createProductsTestDb } from './products-test-db.ts';

export const API_KEY = 'testToken';

/**
 * Products' config for a test over the given database: free ports, no migration at start, LOMS
 * unreachable, no event relay and rate limits out of the way unless `env` says otherwise.
 */
export function testProductsConfig(databaseUrl: string, env: Record<string, string> = {}) {
  return readProductsConfig({
    HOST: '127.0.0.1',
    GRPC_PORT: '0',
    HTTP_PORT: '0',
    DATABASE_URL: databaseUrl,
    MIGRATE_ON_START: 'false',
    LOMS_GRPC_ADDRESS: '127.0.0.1:1',
    RATE_LIMIT_RPS: '100000',
    RATE_LIMIT_PER_IP: '100000',
    INGEST_POLL_INTERVAL: '50ms',
    OUTBOX_RELAY_ENABLED: 'false',
    ...env,
  });
}

/**
 * Products running in-process on free ports over its own test database, with clients for each
 * transport. LOMS is unreachable unless `env.LOMS_GRPC_ADDRESS` names one.
 */
export async function startTestProducts(env: Record<string, string> = {}) {
  const testDb = await createProductsTestDb();
  const config = testProductsConfig(testDb.url, env);
  const products = await startProducts(config, pino({ level: 'silent' }));
  const grpcAddress = `127.0.0.1:${products.grpcPort}`;
  const grpc = createGrpcJsClient(ProductService, grpcAddress);
  const httpBase = `http://127.0.0.1:${products.httpPort}`;
  return {
    ...testDb,
    products,
    grpc,
    grpcAddress,
    httpBase,
    /** fetch against the HTTP/1.1 port with the API key (unless `headers` sets its own), parsing JSON. */
    http: (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
      fetchAnswer(`${httpBase}${path}`, {
        ...init,
        headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers },
      }),
    async stop() {
      grpc.close();
      await products.stop();
      await testDb.close();
    },
  };
}

export type TestProducts = Awaited<ReturnType<typeof startTestProducts>>;
