import { describe, expect, it } from 'vitest';
import { getIngestBatch } from '../../src/app/get-ingest-batch.ts';
import { IngestBacklogFullError } from '../../src/domain/errors.ts';
import { useIngestFixture } from '../support/ingest-fixture.ts';

const f = useIngestFixture();

describe('ingestEvents', () => {
  it('stores the batch and its events at once: pending, with its total', async () => {
    const batchId = await f.ingest([
      { sku: 1n, price: 5 },
      { sku: 2n, stock: 0 },
    ]);
    expect(await getIngestBatch(f.t.deps, batchId)).toMatchObject({
      id: batchId,
      status: 'pending',
      total: 2,
      applied: 0,
      failed: 0,
      startedAt: null,
      finishedAt: null,
      errors: [],
    });
    const events = await f.t.db
      .selectFrom('ingest_events')
      .select(['seq', 'sku', 'price', 'stock'])
      .orderBy('seq')
      .execute();
    expect(events).toEqual([
      { seq: 0, sku: 1n, price: 5n, stock: null },
      { seq: 1, sku: 2n, price: null, stock: 0n },
    ]);
  });

  it('refuses events that would take the backlog over its bound, and accepts again once it drains', async () => {
    await f.ingest(
      [
        { sku: 1n, price: 1 },
        { sku: 2n, price: 1 },
        { sku: 3n, price: 1 },
      ],
      5,
    );
    await expect(
      f.ingest(
        [
          { sku: 1n, price: 2 },
          { sku: 2n, price: 2 },
          { sku: 3n, price: 2 },
        ],
        5,
      ),
    ).rejects.toThrow(IngestBacklogFullError);
    expect(await f.t.db.selectFrom('ingest_batches').select('id').execute()).toHaveLength(1);
    await f.ingest(
      [
        { sku: 1n, price: 2 },
        { sku: 2n, price: 2 },
      ],
      5,
    );
    await f.drain();
    await f.ingest(
      [
        { sku: 1n, price: 3 },
        { sku: 2n, price: 3 },
        { sku: 3n, price: 3 },
      ],
      5,
    );
  });

  it('admits concurrent batches without overshooting the bound', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        f.ingest(
          [
            { sku: 1n, stock: 1 },
            { sku: 2n, stock: 1 },
          ],
          5,
        ),
      ),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(2);
  });
});
