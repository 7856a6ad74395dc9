import { randomUUID } from 'node:crypto';
import { eventually, resolveKafka } from '@marketplace/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, eventNames, readTopic, startTestNotifier } from '../support/event-stack.ts';
import { createNotifierTestDb } from '../support/notifier-test-db.ts';

let brokers: string[];
let db: Awaited<ReturnType<typeof createNotifierTestDb>>;

beforeAll(async () => {
  brokers = await resolveKafka();
  db = await createNotifierTestDb();
});
afterAll(() => db?.close());

const event = (orderId: number, status = 'new') =>
  `{"order_id":${orderId},"status":"${status}","moment":"2026-11-21T10:00:00.123Z"}`;

describe('a fetched batch of order events', () => {
  it('is processed in one transaction or a few: every new event once, duplicates skipped, the poison parked', async () => {
    const names = eventNames();
    const kafka = await createTopics(brokers, names);
    const ids = Array.from({ length: 300 }, () => randomUUID());
    const poisonAt = 150;
    const messages = ids.map((id, i) => ({
      key: 'same-partition',
      value: i === poisonAt ? event(i + 1, 'shipped') : event(i + 1),
      headers: { 'event-id': id },
    }));
    // Ten events delivered twice, by a producer that retried them.
    const repeated = ids
      .slice(0, 10)
      .map((id, i) => ({ key: 'same-partition', value: event(i + 1), headers: { 'event-id': id } }));
    const producer = kafka.producer();
    await producer.connect();
    // Everything is on the partition before the notifier starts, so its first fetch gets it all.
    await producer.send({ topic: names.topic, acks: -1, messages: [...messages, ...repeated] });
    await producer.disconnect();

    const notifier = await startTestNotifier(brokers, names, db.url);
    const dlq = await readTopic(kafka, names.dlq);
    try {
      await eventually('every good event processed', async () => (await db.processed()).length === 299);
      await eventually('the poison on the DLQ', () => dlq.messages.length === 1);
      expect(dlq.messages[0]!.headers).toMatchObject({
        'event-id': ids[poisonAt],
        'dlq-reason': 'unknown status "shipped"',
      });
      const processed = await db.processed();
      expect(new Set(processed.map((r) => r.event_id))).toEqual(
        new Set(ids.filter((_, i) => i !== poisonAt)),
      );

      const { rows } = await sql<{ n: number }>`
        SELECT count(DISTINCT xmin::text)::int AS n FROM processed_events`.execute(db.db);
      expect(rows[0]!.n).toBeLessThanOrEqual(3);

      const text = await (await fetch(`http://127.0.0.1:${notifier.httpPort}/metrics`)).text();
      const count = (outcome: string) =>
        Number(
          new RegExp(`notifier_events_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`).exec(text)?.[1],
        );
      expect([count('notified'), count('duplicate'), count('parked')]).toEqual([299, 10, 1]);
    } finally {
      await dlq.stop();
      await notifier.stop();
    }
  });
});
