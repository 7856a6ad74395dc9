/**
 * GetProduct and BatchGetProducts (20 skus) latency over gRPC (grpc-js) at 1 and 8 concurrent
 * clients, against products running as its own process over a catalogue of 1000 products. Prints a
 * table and writes bench-results/products-reads.json. CALLS (default 2000) sets the calls per run.
 */
import { ProductService } from '@marketplace/proto/marketplace/products/v1/products_pb';
import {
  loadRows,
  measureEach,
  printTable,
  readBenchSettings,
  startBenchService,
  writeBenchResults,
} from '@marketplace/testkit';
import pg from 'pg';

const { CALLS } = readBenchSettings({ CALLS: 2000 });
const PRODUCTS = 1000;
const BATCH = 20;
const API_KEY = 'bench';
const skuAt = (i: number) => BigInt(1_000_000 + (i % PRODUCTS));

const products = await startBenchService('products', ProductService, {
  env: { API_KEYS: API_KEY, RATE_LIMIT_RPS: '1000000', INGEST_WORKERS: '0' },
  // No ingest workers: LOMS is never called.
  dependencies: { loms: '127.0.0.1:1' },
});
const pool = new pg.Pool({ connectionString: products.databaseUrls[0], max: 2 });
await pool.query(
  `INSERT INTO products (sku, name, price)
   SELECT 1000000 + i, 'product ' || i, 100 + i FROM generate_series(0, $1 - 1) AS i`,
  [PRODUCTS],
);
await pool.end();
const metadata = { 'x-api-key': API_KEY };

const reads = {
  GetProduct: (i: number) => products.client.call('getProduct', { sku: skuAt(i * 7) }, metadata),
  [`BatchGetProducts(${BATCH})`]: (i: number) =>
    products.client.call(
      'batchGetProducts',
      { skus: Array.from({ length: BATCH }, (_, k) => skuAt(i * BATCH + k)) },
      metadata,
    ),
};

try {
  const results = await measureEach(reads, {
    clients: [1, 8],
    calls: (clients) => (clients === 1 ? Math.ceil(CALLS / 2) : CALLS),
    warmup: 300,
  });
  printTable(
    'products reads over gRPC (grpc-js client, products in its own process)',
    loadRows('call', results),
  );
  console.log(
    `\nresults: ${writeBenchResults('products-reads', { calls: CALLS, products: PRODUCTS, results })}`,
  );
} finally {
  await products.stop();
}
