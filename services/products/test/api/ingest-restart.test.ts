import { createDatabase } from '@marketplace/platform';
import { createTestDatabase, freePort, type ServiceProcess, startServiceProcess } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTS_MIGRATIONS } from '../../src/infra/migrations.ts';
import type { ProductsDatabase } from '../../src/infra/schema.ts';
import { type LomsProcess, startLomsProcess } from '../support/loms-process.ts';
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
let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let database: ReturnType<typeof createDatabase<ProductsDatabase>>;
const running: ServiceProcess[] = [];

beforeAll(async () => {
  loms = await startLomsProcess();
  testDb = await createTestDatabase('products', PRODUCTS_MIGRATIONS);
  database = createDatabase<ProductsDatabase>({ url: testDb.url, maxConnections: 2 });
  await database.db
    .insertInto('products')
    .values(SKUS.map((sku) => ({ sku, name: `product ${sku}`, price: 1n })))
    .execute();
}, 120_000);
afterAll(async () => {
  for (const p of running) await p.stop();
  await database?.close();
  await testDb?.drop();
  await loms?.stop();
});

async function startProductsProcess() {
  const [grpcPort, httpPort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${httpPort}`;
  const process = await startServiceProcess({
    cwd: new URL('../..', import.meta.url).pathname,
    entry: 'src/main.ts',
    env: {
      DATABASE_URL: testDb.url,
      GRPC_PORT: String(grpcPort),
      HTTP_PORT: String(httpPort),
      HOST: '127.0.0.1',
      LOMS_GRPC_ADDRESS: loms.grpcAddress,
      INGEST_WORKERS: '2',
      INGEST_CHUNK_SIZE: '10',
      INGEST_LEASE: '1s',
      INGEST_POLL_INTERVAL: '50ms',
      RATE_LIMIT_PER_IP: '100000',
      LOG_LEVEL: 'warn',
    },
    readyUrl: `${base}/readyz`,
  });
  running.push(process);
  const http = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}${path}`, {
      ...init,
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
    });
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
    return { status: res.status, body: (await res.json()) as any };
  };
  return { process, http };
}

const pendingEvents = async () =>
  (await database.db.selectFrom('ingest_events').select('seq').where('status', '=', 'pending').execute())
    .length;

describe('accepted batches survive a crash', () => {
  it('applies every event of a batch in effect exactly once after kill -9 mid-batch and a restart', async () => {
    const first = await startProductsProcess();
    const accepted = await first.http('/product/events', {
      method: 'POST',
      body: JSON.stringify({ events }),
    });
    expect(accepted.status).toBe(202);
    const batchPath = `/product/events/${accepted.body.batchId}`;

    // Kill as soon as some events are applied, while most are still pending.
    for (let applied = 0; applied === 0; ) {
      applied = (await first.http(batchPath)).body.applied;
      if (applied === 0) await new Promise((r) => setTimeout(r, 10));
    }
    first.process.child.kill('SIGKILL');
    await new Promise((resolve) => first.process.child.once('exit', resolve));
    const pendingAfterCrash = await pendingEvents();
    expect(pendingAfterCrash).toBeGreaterThan(0);
    expect(pendingAfterCrash).toBeLessThan(EVENTS);

    const second = await startProductsProcess();
    const batch = await waitForBatch(async () => (await second.http(batchPath)).body, 60_000);
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
