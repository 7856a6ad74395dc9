import { ProductService } from '@marketplace/proto/marketplace/products/v1/products_pb';
import { createGrpcJsClient, type GrpcJsClient } from '@marketplace/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProducts, startProducts } from '../../src/products-server.ts';
import { createProductsTestDb, type ProductsTestDb } from '../support/products-test-db.ts';
import { testProductsConfig } from '../support/test-products.ts';

// Two products replicas on one database, each configured with 10 requests/s (burst 10) per key:
// a key's limit is the fleet's, not each replica's.
const RESOURCE_EXHAUSTED = 8;
let testDb: ProductsTestDb;
let replicas: RunningProducts[];
let clients: GrpcJsClient<typeof ProductService>[];

beforeAll(async () => {
  testDb = await createProductsTestDb();
  await testDb.addProducts({ sku: 1n, name: 'n', price: 1 });
  const config = testProductsConfig(testDb.url, {
    API_KEYS: 'cart:key-a,storefront:key-b',
    RATE_LIMIT_RPS: '10',
    RATE_LIMIT_BURST: '10',
    RATE_LIMIT_PER_IP_GRPC: '100000',
    INGEST_WORKERS: '0',
  });
  replicas = await Promise.all([1, 2].map(() => startProducts(config, pino({ level: 'silent' }))));
  clients = replicas.map((r) => createGrpcJsClient(ProductService, `127.0.0.1:${r.grpcPort}`));
  // Connections up and first calls served before anything is counted.
  for (const client of clients) await client.call('getProduct', { sku: 1n }, { 'x-api-key': 'key-a' });
}, 120_000);
afterAll(async () => {
  for (const client of clients ?? []) client.close();
  await Promise.all((replicas ?? []).map((r) => r.stop()));
  await testDb?.close();
});

/** Calls GetProduct with `key` on every replica, five callers each, for `ms`; counts the answers. */
async function hammer(key: string, ms: number) {
  const counts = { ok: 0, refused: 0, other: 0 };
  const started = performance.now();
  await Promise.all(
    clients.flatMap((client) =>
      Array.from({ length: 5 }, async () => {
        while (performance.now() - started < ms) {
          await client.call('getProduct', { sku: 1n }, { 'x-api-key': key }).then(
            () => counts.ok++,
            (err: { code: number }) => (err.code === RESOURCE_EXHAUSTED ? counts.refused++ : counts.other++),
          );
        }
      }),
    ),
  );
  return { ...counts, seconds: (performance.now() - started) / 1000 };
}

describe('the per-key rate limit over two replicas', () => {
  it('serves one key at most 10 requests/s plus the burst in all, and refuses the rest', {
    timeout: 30_000,
  }, async () => {
    const a = await hammer('key-a', 2500);
    // Every call served took its token after the start and before its answer came back.
    expect(a.ok).toBeLessThanOrEqual(10 + Math.floor(10 * a.seconds));
    expect(a.ok).toBeGreaterThanOrEqual(20);
    expect(a.refused).toBeGreaterThan(0);
    expect(a.other).toBe(0);
  });

  it('gives another key a bucket of its own', { timeout: 30_000 }, async () => {
    const b = await hammer('key-b', 500);
    expect(b.ok).toBeGreaterThanOrEqual(10);
    expect(b.ok).toBeLessThanOrEqual(10 + Math.floor(10 * b.seconds));
  });
});
