import { eventually, type LomsProcess, startLomsProcess } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIngestBatch } from '../../src/app/get-ingest-batch.ts';
import { ingestEvents } from '../../src/app/ingest-events.ts';
import type { ProductsDeps, StockService } from '../../src/app/ports.ts';
import { type IngestWorkOptions, processNextBatch } from '../../src/app/process-next-batch.ts';
import { createLomsStockClient, type LomsStockClient } from '../../src/infra/loms-stock-client.ts';
import { WORK_OPTIONS } from '../support/ingest-fixture.ts';
import { createProductsTestDb, type ProductsTestDb } from '../support/products-test-db.ts';

const SKU = 1076963n;

let loms: LomsProcess;
let t: ProductsTestDb;
let deps: ProductsDeps;
let stocks: LomsStockClient | undefined;

beforeAll(async () => {
  [loms, t] = await Promise.all([startLomsProcess(), createProductsTestDb()]);
  await t.addProducts({ sku: SKU, name: 'Book', price: 3379 });
  stocks = createLomsStockClient({
    address: loms.grpcAddress,
    timeoutMs: 5_000,
    attempts: 3,
    apiKey: '',
  });
  deps = { ...t.deps, stocks };
}, 120_000);
afterAll(async () => {
  stocks?.close();
  await loms?.stop();
  await t?.close();
});

/**
 * A worker whose calls to LOMS hang until `release`, as a worker stalled mid-call would; answers
 * once it has claimed a batch and made its first call.
 */
async function startStalledWorker(options: IngestWorkOptions) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const calls: bigint[] = [];
  const stocks: StockService = {
    async setStock(sku, totalCount, fencingToken, signal) {
      calls.push(fencingToken);
      await released;
      await deps.stocks.setStock(sku, totalCount, fencingToken, signal);
    },
  };
  const run = processNextBatch({ ...deps, stocks }, options, new AbortController().signal);
  await eventually('the stalled worker calls LOMS', () => calls.length > 0, 10_000, 10);
  return { run, calls, release };
}

describe('ingest workers fenced by their lease', () => {
  it("refuses a stale worker's StockSet after the next lease holder's, keeping the newer stock", async () => {
    const first = await ingestEvents(deps, [{ sku: SKU, stock: 5 }], 100);
    const stale = await startStalledWorker(WORK_OPTIONS);
    await t.lapseLeases(); // the stale worker's lease runs out while its call hangs

    const running = new AbortController().signal;
    expect(await processNextBatch(deps, WORK_OPTIONS, running)).toBe(true); // takes the first batch over
    const second = await ingestEvents(deps, [{ sku: SKU, stock: 7 }], 100);
    expect(await processNextBatch(deps, WORK_OPTIONS, running)).toBe(true);
    expect(await loms.stockInfo(SKU)).toBe(7);

    stale.release();
    expect(await stale.run).toBe(true); // gives up at the refusal instead of retrying
    expect(stale.calls).toHaveLength(1);
    expect(await loms.stockInfo(SKU)).toBe(7);
    for (const batchId of [first, second])
      expect(await getIngestBatch(deps, batchId)).toMatchObject({ status: 'done', applied: 1, failed: 0 });
  });

  it('lets go of a batch it still holds when another batch under a newer lease set the sku, and a new claim applies it', async () => {
    const older = await ingestEvents(deps, [{ sku: SKU, stock: 11 }], 100);
    const stale = await startStalledWorker({ ...WORK_OPTIONS, retryDelayMs: 0 });
    const newer = await ingestEvents(deps, [{ sku: SKU, stock: 12 }], 100);
    expect(await processNextBatch(deps, WORK_OPTIONS, new AbortController().signal)).toBe(true);
    stale.release();
    expect(await stale.run).toBe(true);
    expect(await getIngestBatch(deps, older)).toMatchObject({ status: 'processing', applied: 0, failed: 0 });

    // Released at once, not held for its whole lease: the next claim takes it, with a newer token.
    expect(await processNextBatch(deps, WORK_OPTIONS, new AbortController().signal)).toBe(true);
    for (const batchId of [older, newer])
      expect(await getIngestBatch(deps, batchId)).toMatchObject({ status: 'done', applied: 1 });
    expect(await loms.stockInfo(SKU)).toBe(11);
  });
});
