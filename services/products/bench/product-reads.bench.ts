/**
 * GetProduct and BatchGetProducts (20 skus) latency over gRPC (grpc-js) at 1 and 8 concurrent
 * clients, against products running as its own process over a catalogue of 1000 products. Prints a
 * table and writes bench-results/products-reads.json. CALLS (default 2000) sets the calls per run.
 */
import { ProductService } from '@marketplace/proto/marketplace/products/v1/products_pb';
import {
  createGrpcJsClient,
  createTestDatabase,
  freePort,
  type LoadResult,
  printTable,
  runLoad,
  startServiceProcess,
  writeBenchResults,
} from '@marketplace/testkit';
import pg from 'pg';
import { PRODUCTS_MIGRATIONS } from '../src/infra/migrations.ts';

const CALLS = Number(process.env.CALLS ?? 2000);
const CONCURRENCY = [1, 8];
const PRODUCTS = 1000;
const BATCH = 20;
const API_KEY = 'bench';
const skuAt = (i: number) => BigInt(1_000_000 + (i % PRODUCTS));

const db = await createTestDatabase('products_bench', PRODUCTS_MIGRATIONS);
const pool = new pg.Pool({ connectionString: db.url, max: 2 });
await pool.query(
  `INSERT INTO products (sku, name, price)
   SELECT 1000000 + i, 'product ' || i, 100 + i FROM generate_series(0, $1 - 1) AS i`,
  [PRODUCTS],
);
await pool.end();
const [grpcPort, httpPort] = [await freePort(), await freePort()];
const products = await startServiceProcess({
  cwd: new URL('..', import.meta.url).pathname,
  entry: 'src/main.ts',
  env: {
    DATABASE_URL: db.url,
    GRPC_PORT: String(grpcPort),
    HTTP_PORT: String(httpPort),
    HOST: '127.0.0.1',
    API_KEYS: API_KEY,
    RATE_LIMIT_RPS: '1000000',
    INGEST_WORKERS: '0',
    LOG_LEVEL: 'warn',
  },
  readyUrl: `http://127.0.0.1:${httpPort}/readyz`,
});
const client = createGrpcJsClient(ProductService, `127.0.0.1:${grpcPort}`);
const metadata = { 'x-api-key': API_KEY };

const reads = {
  GetProduct: (i: number) => client.call('getProduct', { sku: skuAt(i * 7) }, metadata),
  [`BatchGetProducts(${BATCH})`]: (i: number) =>
    client.call(
      'batchGetProducts',
      { skus: Array.from({ length: BATCH }, (_, k) => skuAt(i * BATCH + k)) },
      metadata,
    ),
};

try {
  const rows: Array<Record<string, unknown>> = [];
  const results: Record<string, LoadResult[]> = {};
  for (const [name, read] of Object.entries(reads)) {
    await runLoad(8, 300, read); // warm-up: connections, JIT, plan cache
    results[name] = [];
    for (const concurrency of CONCURRENCY) {
      const calls = concurrency === 1 ? Math.ceil(CALLS / 2) : CALLS;
      const result = await runLoad(concurrency, calls, read);
      results[name].push(result);
      rows.push({
        call: name,
        clients: concurrency,
        calls,
        'calls/s': result.perSecond,
        'p50 ms': result.p50Ms,
        'p99 ms': result.p99Ms,
        errors: result.errors,
      });
    }
  }
  printTable('products reads over gRPC (grpc-js client, products in its own process)', rows);
  console.log(
    `\nresults: ${writeBenchResults('products-reads', { calls: CALLS, products: PRODUCTS, results })}`,
  );
} finally {
  client.close();
  await products.stop();
  await db.drop();
}
