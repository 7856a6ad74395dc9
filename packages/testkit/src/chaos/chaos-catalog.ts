import pg from 'pg';

/** Skus the shoppers buy, with the stock LOMS starts with; the last one runs out on purpose. */
export const SHOPPER_STOCK: ReadonlyMap<bigint, bigint> = new Map([
  [9_100_000_001n, 1_000_000n],
  [9_100_000_002n, 1_000_000n],
  [9_100_000_003n, 1_000_000n],
  [9_100_000_004n, 1_000_000n],
  [9_100_000_005n, 40n],
]);

const FIRST_INGEST_SKU = 9_200_000_001n;

/**
 * The chaos run's products: shopper skus (in products and, with their stock, in LOMS) and a pool
 * of ingest skus (in products only) from which every ingest batch takes skus of its own, so each
 * sku is set by one batch and its final stock is that batch's last event for it.
 */
export interface ChaosCatalog {
  /** Writes the products and the shopper stock into the fresh databases. */
  seed(databases: { loms: string; products: string }): Promise<void>;
  /** `count` ingest skus no batch had; throws when the pool is spent. */
  takeIngestSkus(count: number): bigint[];
}

export function createChaosCatalog(ingestPool: number): ChaosCatalog {
  let next = 0;
  return {
    async seed(databases) {
      await withClient(databases.products, async (client) => {
        await client.query(
          `INSERT INTO products (sku, name, price)
           SELECT sku, 'chaos product ' || sku, 100 FROM unnest($1::bigint[]) AS sku
           UNION ALL
           SELECT $2::bigint + i, 'chaos ingest ' || ($2::bigint + i), 100 FROM generate_series(0, $3::int - 1) AS i`,
          [[...SHOPPER_STOCK.keys()].map(String), String(FIRST_INGEST_SKU), ingestPool],
        );
      });
      await withClient(databases.loms, async (client) => {
        await client.query(
          'INSERT INTO stocks (sku, total_count) SELECT * FROM unnest($1::bigint[], $2::bigint[])',
          [[...SHOPPER_STOCK.keys()].map(String), [...SHOPPER_STOCK.values()].map(String)],
        );
      });
    },
    takeIngestSkus(count) {
      if (next + count > ingestPool) throw new Error(`the ingest sku pool (${ingestPool}) is spent`);
      const skus = Array.from({ length: count }, (_, i) => FIRST_INGEST_SKU + BigInt(next + i));
      next += count;
      return skus;
    },
  };
}

/** Runs `work` with a connected client of `url`, closed afterwards. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
