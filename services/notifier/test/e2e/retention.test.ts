import { eventually, resolveKafka } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, eventNames, startTestNotifier } from '../support/event-stack.ts';
import { createNotifierTestDb } from '../support/notifier-test-db.ts';

let db: Awaited<ReturnType<typeof createNotifierTestDb>>;
let brokers: string[];
const names = eventNames();

beforeAll(async () => {
  brokers = await resolveKafka();
  await createTopics(brokers, names);
  db = await createNotifierTestDb();
});
afterAll(() => db?.close());

async function recordAged(prefix: string, count: number, ageMs: number) {
  const at = new Date(Date.now() - ageMs);
  await db.db
    .insertInto('processed_events')
    .values(
      Array.from({ length: count }, (_, i) => ({
        event_id: `${prefix}-${i}`,
        order_id: 1n,
        status: 'new',
        moment: at,
        topic: names.topic,
        partition: 0,
        offset: BigInt(i),
        processed_at: at,
      })),
    )
    .execute();
}

describe('the processed-events retention job', () => {
  it('deletes records past PROCESSED_EVENTS_RETENTION on its own and counts them in a metric', async () => {
    await recordAged('old', 10, 2 * 3_600_000);
    await recordAged('recent', 2, 60_000);
    const notifier = await startTestNotifier(brokers, names, db.url, undefined, {
      PROCESSED_EVENTS_RETENTION: '1h',
      RETENTION_BATCH_SIZE: '4',
      RETENTION_INTERVAL: '100ms',
    });
    try {
      await eventually('the old records deleted', async () => (await db.processed()).length === 2);
      expect((await db.processed()).map((r) => r.event_id).sort()).toEqual(['recent-0', 'recent-1']);
      const metrics = await (await fetch(`http://127.0.0.1:${notifier.httpPort}/metrics`)).text();
      expect(metrics).toMatch(/^notifier_processed_events_deleted_total(\{[^}]*\})? 10$/m);
    } finally {
      await notifier.stop();
    }
  });
});
