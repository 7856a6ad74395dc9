import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NotifierStore } from '../../src/app/ports.ts';
import { pruneProcessedEvents } from '../../src/app/prune-processed-events.ts';
import { createPostgresStore } from '../../src/infra/store.ts';
import { createNotifierTestDb } from '../support/notifier-test-db.ts';

let t: Awaited<ReturnType<typeof createNotifierTestDb>>;
let store: NotifierStore;
const HOUR = 3_600_000;
const now = new Date('2026-11-21T12:00:00Z');
const clock = { now: () => now };

beforeAll(async () => {
  t = await createNotifierTestDb();
  store = createPostgresStore(t.db);
});
afterAll(() => t.close());
beforeEach(() => sql`TRUNCATE processed_events`.execute(t.db));

/** Records `count` events processed `hoursAgo` before the test clock's now. */
async function recordAged(prefix: string, count: number, hoursAgo: number) {
  const at = new Date(now.getTime() - hoursAgo * HOUR);
  await t.db
    .insertInto('processed_events')
    .values(
      Array.from({ length: count }, (_, i) => ({
        event_id: `${prefix}-${i}`,
        order_id: BigInt(i + 1),
        status: 'paid',
        moment: at,
        topic: 'loms.order-events',
        partition: 0,
        offset: BigInt(i),
        processed_at: at,
      })),
    )
    .execute();
}

const remaining = async () => (await t.processed()).map((r) => r.event_id).sort();

describe('pruneProcessedEvents', () => {
  it('deletes the records older than the retention in batches of at most the batch size, keeping the rest', async () => {
    await recordAged('old', 25, 400);
    await recordAged('edge', 3, 359);
    await recordAged('new', 2, 1);
    const batches: number[] = [];
    const statements: number[] = [];
    const counting: NotifierStore = {
      ...store,
      processed: {
        ...store.processed,
        async deleteRecordedBefore(cutoff, limit) {
          statements.push(limit);
          return store.processed.deleteRecordedBefore(cutoff, limit);
        },
      },
    };
    const deleted = await pruneProcessedEvents({
      store: counting,
      clock,
      retention: { retentionMs: 360 * HOUR, batchSize: 10 },
      onDeleted: (count) => batches.push(count),
    });
    expect(deleted).toBe(25);
    expect(batches).toEqual([10, 10, 5]);
    expect(statements).toEqual([10, 10, 10]);
    expect(await remaining()).toEqual(['edge-0', 'edge-1', 'edge-2', 'new-0', 'new-1']);
  });

  it('deletes nothing and reports nothing when no record is past the retention', async () => {
    await recordAged('new', 4, 2);
    const batches: number[] = [];
    const deleted = await pruneProcessedEvents({
      store,
      clock,
      retention: { retentionMs: 3 * HOUR, batchSize: 10 },
      onDeleted: (count) => batches.push(count),
    });
    expect(deleted).toBe(0);
    expect(batches).toEqual([]);
    expect(await remaining()).toHaveLength(4);
  });

  it('stops between batches once its signal aborts', async () => {
    await recordAged('old', 30, 100);
    const stop = new AbortController();
    const deleted = await pruneProcessedEvents(
      {
        store,
        clock,
        retention: { retentionMs: HOUR, batchSize: 10 },
        onDeleted: () => stop.abort(),
      },
      stop.signal,
    );
    expect(deleted).toBe(10);
    expect(await remaining()).toHaveLength(20);
  });

  it('lets two replicas prune at once without deleting a row twice or waiting on each other', async () => {
    await recordAged('old', 200, 100);
    const settings = { store, clock, retention: { retentionMs: HOUR, batchSize: 7 } };
    const [a, b] = await Promise.all([pruneProcessedEvents(settings), pruneProcessedEvents(settings)]);
    expect(a + b).toBe(200);
    expect(await remaining()).toEqual([]);
  });
});
