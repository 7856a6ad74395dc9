import { createDatabase } from '@marketplace/platform';
import {
  type LomsProcess,
  type MarketplaceService,
  startLomsProcess,
  startMarketplaceService,
} from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductsDatabase } from '../../src/infra/schema.ts';
import { API_KEY } from '../support/test-products.ts';
import { waitForBatch } from '../support/wait-for-batch.ts';

const SKUS = Array.from({ length: 100 }, (_, i) => 2_000_000n + BigInt(i));
const EVENTS = 1_000;
// Event i sets stock i and price i + 1 on SKUS[i % 100]; the last event of each sku wins.
const events = Array.from({ length: EVENTS }, (_, i) => ({
  sku: String(SKUS[i % SKUS.length]),
  stock: i,
  price: i + 1,
}));

let loms: LomsProcess;
let products: MarketplaceService;
let database: ReturnType<typeof createDatabase<ProductsDatabase>>;

beforeAll(async () => {
  loms = await startLomsProcess();
  products = await startMarketplaceService('products', {
    dependencies: { loms: loms.grpcAddress },
    env: {
      INGEST_WORKERS: '2',
      INGEST_CHUNK_SIZE: '10',
      INGEST_LEASE: '1s',
      INGEST_POLL_INTERVAL: '50ms',
      RATE_LIMIT_PER_IP: '100000',
    },
    async prepare([url]) {
      database = createDatabase<ProductsDatabase>({ url: url!, maxConnections: 2 });
      await database.db
        .insertInto('products')
        .values(SKUS.map((sku) => ({ sku, name: `product ${sku}`, price: 1n })))
        .execute();
    },
  });
}, 120_000);
afterAll(async () => {
  await database?.close();
  await products?.stop();
  await loms?.stop();
});

async function http(path: string, init: RequestInit = {}) {
  const res = await fetch(`${products.httpUrl}${path}`, {
    ...init,
    headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  return { status: res.status, body: (await res.json()) as any };
}

const pendingEvents = async () =>
  (await database.db.selectFrom('ingest_events').select('seq').where('status', '=', 'pending').execute())
    .length;

describe('accepted batches survive a crash', () => {
  it('applies every event of a batch in effect exactly once after kill -9 mid-batch and a restart', async () => {
    const accepted = await http('/product/events', {
      method: 'POST',
      body: JSON.stringify({ events }),
    });
    expect(accepted.status).toBe(202);
    const batchPath = `/product/events/${accepted.body.batchId}`;

    // Kill as soon as some events are applied, while most are still pending.
    for (let applied = 0; applied === 0; ) {
      applied = (await http(batchPath)).body.applied;
      if (applied === 0) await new Promise((r) => setTimeout(r, 10));
    }
    await products.kill();
    const pendingAfterCrash = await pendingEvents();
    expect(pendingAfterCrash).toBeGreaterThan(0);
    expect(pendingAfterCrash).toBeLessThan(EVENTS);

    await products.restart();
    const batch = await waitForBatch(async () => (await http(batchPath)).body, 60_000);
    expect(batch).toMatchObject({ status: 'done', total: EVENTS, applied: EVENTS, failed: 0, errors: [] });

    const lastEvents = events.slice(-SKUS.length);
    for (const event of lastEvents)
      expect([event.sku, await loms.stockInfo(event.sku)]).toEqual([event.sku, event.stock]);
    const prices = await database.db.selectFrom('products').select(['sku', 'price']).orderBy('sku').execute();
    expect(prices.map((p) => [String(p.sku), Number(p.price)])).toEqual(
      lastEvents.map((e) => [e.sku, e.price]).sort(([a], [b]) => Number(a) - Number(b)),
    );
  }, 180_000);
});
