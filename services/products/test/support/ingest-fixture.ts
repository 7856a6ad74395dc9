import { afterAll, beforeAll, beforeEach } from 'vitest';
import { ingestEvents } from '../../src/app/ingest-events.ts';
import type { ProductsDeps } from '../../src/app/ports.ts';
import { type IngestWorkOptions, processNextBatch } from '../../src/app/process-next-batch.ts';
import type { IngestEvent } from '../../src/domain/ingest.ts';
import { createProductsTestDb, type ProductsTestDb } from './products-test-db.ts';

/** The catalogue every ingest test starts with: these skus, priced 100. */
export const SKUS = [1n, 2n, 3n];

export const WORK_OPTIONS: IngestWorkOptions = {
  leaseMs: 30_000,
  retryDelayMs: 100,
  chunkSize: 2,
  maxAttempts: 3,
  lomsConcurrency: 2,
};

/**
 * A test database for the ingest use cases, reset before each test to an empty queue, the SKUS
 * catalogue and a fake LOMS that remembers nothing. Registers its own hooks.
 */
export function useIngestFixture() {
  let t: ProductsTestDb;
  beforeAll(async () => {
    t = await createProductsTestDb();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.db.deleteFrom('ingest_events').execute();
    await t.db.deleteFrom('ingest_batches').execute();
    await t.db.deleteFrom('products').execute();
    await t.addProducts(...SKUS.map((sku) => ({ sku, name: `p${sku}`, price: 100 })));
    t.fake.calls.length = 0;
    t.fake.totals.clear();
    t.fake.refused.clear();
    t.fake.unreachable.clear();
  });
  return {
    get t() {
      return t;
    },
    async price(sku: bigint) {
      const row = await t.db
        .selectFrom('products')
        .select('price')
        .where('sku', '=', sku)
        .executeTakeFirstOrThrow();
      return Number(row.price);
    },
    ingest: (events: IngestEvent[], maxBacklog = 10_000) => ingestEvents(t.deps, events, maxBacklog),
    /** Processes batches until none is left to claim. */
    async drain(deps: ProductsDeps = t.deps, options = WORK_OPTIONS) {
      while (await processNextBatch(deps, options, new AbortController().signal)) {}
    },
  };
}
