import { eventually } from '@marketplace/testkit';
import { describe, expect, it } from 'vitest';
import { getIngestBatch } from '../../src/app/get-ingest-batch.ts';
import { processNextBatch } from '../../src/app/process-next-batch.ts';
import { runIngestWorker } from '../../src/app/run-ingest-worker.ts';
import { SKUS, useIngestFixture, WORK_OPTIONS } from '../support/ingest-fixture.ts';

const f = useIngestFixture();
const running = () => new AbortController().signal;
const lapseLeases = () => f.t.lapseLeases();

describe('processNextBatch', () => {
  it('answers false when there is no batch to claim', async () => {
    expect(await processNextBatch(f.t.deps, WORK_OPTIONS, running())).toBe(false);
  });

  it('applies stock to LOMS and prices to the catalogue, the last event of a sku winning', async () => {
    const batchId = await f.ingest([
      { sku: 1n, stock: 10, price: 150 },
      { sku: 2n, stock: 20 },
      { sku: 1n, stock: 11 },
      { sku: 3n, price: 300 },
      { sku: 1n, price: 160 },
    ]);
    expect(await processNextBatch(f.t.deps, WORK_OPTIONS, running())).toBe(true);
    expect(await getIngestBatch(f.t.deps, batchId)).toMatchObject({ status: 'done', applied: 5, failed: 0 });
    expect((await getIngestBatch(f.t.deps, batchId)).finishedAt).toBeInstanceOf(Date);
    expect(f.t.fake.calls.filter((c) => c.sku === 1n).map((c) => c.totalCount)).toEqual([10, 11]);
    expect(Object.fromEntries(f.t.fake.totals)).toEqual({ 1: 11, 2: 20 });
    expect([await f.price(1n), await f.price(2n), await f.price(3n)]).toEqual([160, 100, 300]);
  });

  it('fails events of unknown skus and stock LOMS refuses, without applying the refused event price', async () => {
    f.t.fake.refused.set(2n, 'below reserved');
    const batchId = await f.ingest([
      { sku: 9n, price: 1 },
      { sku: 2n, stock: 1, price: 222 },
      { sku: 3n, price: 333 },
    ]);
    await f.drain();
    expect(await getIngestBatch(f.t.deps, batchId)).toMatchObject({
      status: 'failed',
      applied: 1,
      failed: 2,
      errors: [
        'event 0 (sku 9): product 9 not found',
        'event 1 (sku 2): LOMS refused stock for sku 2: below reserved',
      ],
    });
    expect([await f.price(2n), await f.price(3n)]).toEqual([100, 333]);
  });

  it('keeps an event pending when LOMS is unreachable and rests the batch, then applies it in order', async () => {
    f.t.fake.unreachable.add(1n);
    const batchId = await f.ingest([
      { sku: 1n, stock: 5 },
      { sku: 1n, stock: 6, price: 7 },
    ]);
    expect(await processNextBatch(f.t.deps, { ...WORK_OPTIONS, retryDelayMs: 60_000 }, running())).toBe(true);
    expect(await getIngestBatch(f.t.deps, batchId)).toMatchObject({
      status: 'processing',
      applied: 0,
      failed: 0,
    });
    expect(await processNextBatch(f.t.deps, WORK_OPTIONS, running())).toBe(false); // resting
    await lapseLeases();
    f.t.fake.unreachable.clear();
    await f.drain();
    expect(await getIngestBatch(f.t.deps, batchId)).toMatchObject({ status: 'done', applied: 2 });
    expect(f.t.fake.calls.map((c) => c.totalCount)).toEqual([5, 5, 6]);
    expect(await f.price(1n)).toBe(7);
  });

  it('fails an event for good once LOMS stayed unreachable for every attempt', async () => {
    f.t.fake.unreachable.add(1n);
    const batchId = await f.ingest([{ sku: 1n, stock: 5 }]);
    const opts = { ...WORK_OPTIONS, maxAttempts: 2, retryDelayMs: 1 };
    for (let i = 0; i < 2; i++) {
      await lapseLeases();
      await f.drain(f.t.deps, opts);
    }
    expect(await getIngestBatch(f.t.deps, batchId)).toMatchObject({
      status: 'failed',
      errors: ['event 0 (sku 1): LOMS unavailable after 2 attempts: [unavailable] connection refused'],
    });
  });

  it('takes over a batch whose worker stopped renewing its lease, and fences that worker off', async () => {
    const batchId = await f.ingest([{ sku: 1n, stock: 5 }]);
    const crashed = 'a2c1f1de-0000-4000-8000-000000000001';
    expect(await f.t.deps.store.repos.ingest.claimBatch(crashed, 30_000)).toMatchObject({ batchId });
    expect(await processNextBatch(f.t.deps, WORK_OPTIONS, running())).toBe(false);
    await lapseLeases();
    expect(await processNextBatch(f.t.deps, WORK_OPTIONS, running())).toBe(true);
    expect(await getIngestBatch(f.t.deps, batchId)).toMatchObject({ status: 'done' });
    expect(await f.t.deps.store.repos.ingest.holdLease(batchId, crashed, 30_000)).toBe(false);
  });

  it('hands a batch back at once when stopped, leaving the rest pending for the next worker', async () => {
    const stop = new AbortController();
    const stocks = {
      async setStock(sku: bigint, totalCount: number, fencingToken: bigint) {
        await f.t.fake.stocks.setStock(sku, totalCount, fencingToken);
        if (f.t.fake.calls.length === 2) stop.abort();
      },
    };
    const batchId = await f.ingest(
      SKUS.flatMap((sku) => [
        { sku, stock: 1 },
        { sku, stock: 2 },
      ]),
    );
    await processNextBatch({ ...f.t.deps, stocks }, { ...WORK_OPTIONS, lomsConcurrency: 1 }, stop.signal);
    const stopped = await getIngestBatch(f.t.deps, batchId);
    expect(stopped.status).toBe('processing');
    expect(stopped.applied).toBeLessThan(6);
    await f.drain();
    expect(await getIngestBatch(f.t.deps, batchId)).toMatchObject({ status: 'done', applied: 6 });
  });
});

describe('runIngestWorker', () => {
  it('lets several workers share the queue, each event applied once, until stopped', async () => {
    const batches = await Promise.all(
      Array.from({ length: 8 }, (_, b) => f.ingest(SKUS.map((sku) => ({ sku, stock: b, price: b + 1 })))),
    );
    const stop = new AbortController();
    const errors: unknown[] = [];
    const workers = Array.from({ length: 4 }, () =>
      runIngestWorker(
        f.t.deps,
        { ...WORK_OPTIONS, pollIntervalMs: 20, onError: (e) => errors.push(e) },
        stop.signal,
      ),
    );
    await eventually('every batch done', async () => {
      const statuses = await Promise.all(
        batches.map(async (id) => (await getIngestBatch(f.t.deps, id)).status),
      );
      return statuses.every((s) => s === 'done');
    });
    stop.abort();
    await Promise.all(workers);
    for (const id of batches) expect((await getIngestBatch(f.t.deps, id)).status).toBe('done');
    expect(f.t.fake.calls).toHaveLength(8 * SKUS.length);
    expect(errors).toEqual([]);
  });
});
