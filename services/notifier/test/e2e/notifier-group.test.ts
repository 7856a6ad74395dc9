import { randomUUID } from 'node:crypto';
import { createKafkaPublisher, type EventPublisher } from '@marketplace/platform';
import { eventually, resolveKafka } from '@marketplace/testkit';
import type { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, eventNames, readTopic, startTestNotifier } from '../support/event-stack.ts';
import { createNotifierTestDb } from '../support/notifier-test-db.ts';

let brokers: string[];
let kafka: Kafka;
let publisher: EventPublisher;
let db: Awaited<ReturnType<typeof createNotifierTestDb>>;
const names = eventNames();

beforeAll(async () => {
  brokers = await resolveKafka();
  kafka = await createTopics(brokers, names);
  publisher = createKafkaPublisher(kafka, new Registry());
  db = await createNotifierTestDb();
});
afterAll(async () => {
  await publisher?.close();
  await db?.close();
});

let nextOrder = 1;
/** Publishes order events the way LOMS does; returns their event ids. */
async function publishOrderEvents(count: number): Promise<string[]> {
  const events = Array.from({ length: count }, () => {
    const orderId = nextOrder++;
    const eventId = randomUUID();
    const value = JSON.stringify({ order_id: orderId, status: 'new', moment: new Date().toISOString() });
    return { topic: names.topic, key: String(orderId), value, headers: { 'event-id': eventId } };
  });
  await publisher.publish(events);
  return events.map((e) => e.headers['event-id']);
}

const processedIds = async () => (await db.processed()).map((r) => r.event_id);

describe('the notifier consumer group', () => {
  it('parks a garbage message in the dead-letter topic with its reason and keeps going', async () => {
    const notifier = await startTestNotifier(brokers, names, db.url);
    const dlq = await readTopic(kafka, names.dlq);
    try {
      await publisher.publish([
        { topic: names.topic, key: '1', value: 'garbage {', headers: { 'event-id': 'g-1' } },
      ]);
      const [after] = await publishOrderEvents(1);
      await eventually('the event after the garbage processed', async () =>
        (await processedIds()).includes(after!),
      );
      await eventually('the garbage in the DLQ', () => dlq.messages.length === 1);
      expect(dlq.messages[0]).toMatchObject({
        value: 'garbage {',
        headers: { 'dlq-reason': 'value is not JSON', 'event-id': 'g-1' },
      });
    } finally {
      await dlq.stop();
      await notifier.stop();
    }
  });

  it('resumes after a restart at the first unprocessed event, processing each once', async () => {
    const first = await startTestNotifier(brokers, names, db.url);
    const before = await publishOrderEvents(20);
    await eventually(
      'the first events',
      async () => before.every(async () => true) && (await processedIds()).length >= 21,
    );
    await first.stop();
    const whileDown = await publishOrderEvents(30);
    const second = await startTestNotifier(brokers, names, db.url);
    try {
      await eventually('the events published while it was down', async () => {
        const ids = await processedIds();
        return whileDown.every((id) => ids.includes(id));
      });
      const text = await (await fetch(`http://127.0.0.1:${second.httpPort}/metrics`)).text();
      // The restarted member started after the last committed offset: it saw no old event again.
      expect(text).toMatch(/notifier_events_total\{[^}]*outcome="notified"[^}]*\} 30\b/);
      expect(text).not.toMatch(/outcome="duplicate"/);
    } finally {
      await second.stop();
    }
  });

  it('shares the partitions between replicas, and together they process every event once', async () => {
    const replicas = [
      await startTestNotifier(brokers, names, db.url),
      await startTestNotifier(brokers, names, db.url),
    ];
    try {
      const ids = await publishOrderEvents(100);
      await eventually(
        'all events',
        async () => {
          const seen = await processedIds();
          return ids.every((id) => seen.includes(id));
        },
        60_000,
      );
      const counts = await Promise.all(
        replicas.map(async (r) => {
          const text = await (await fetch(`http://127.0.0.1:${r.httpPort}/metrics`)).text();
          return Number(/notifier_events_total\{[^}]*outcome="notified"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
        }),
      );
      expect(counts[0]! + counts[1]!).toBe(100);
      expect(counts.every((c) => c > 0)).toBe(true);
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
    }
  });
});
