import { randomUUID } from 'node:crypto';
import { parseJson } from '@marketplace/platform';
import { eventually, resolveKafka } from '@marketplace/testkit';
import type { Kafka, Producer } from 'kafkajs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, eventNames, startTestNotifier } from '../support/event-stack.ts';
import { createNotifierTestDb } from '../support/notifier-test-db.ts';

let brokers: string[];
let kafka: Kafka;
let producer: Producer;
let db: Awaited<ReturnType<typeof createNotifierTestDb>>;
const names = eventNames();

beforeAll(async () => {
  brokers = await resolveKafka();
  kafka = await createTopics(brokers, names);
  producer = kafka.producer();
  await producer.connect();
  db = await createNotifierTestDb();
});
afterAll(async () => {
  await producer?.disconnect();
  await db?.close();
});

describe('a failure between recording an event and notifying', () => {
  it('loses nothing and duplicates nothing once Kafka redelivers the event', async () => {
    const lines: Array<Record<string, unknown>> = [];
    let failures = 0;
    // The notification's sink fails once, right after the event was recorded, as a crash would.
    const log = pino(
      { level: 'info' },
      {
        write(line: string) {
          const entry = parseJson(line) as Record<string, unknown>;
          if (entry.msg === 'order status changed' && failures++ === 0) throw new Error('sink down');
          lines.push(entry);
        },
      },
    );
    const notifier = await startTestNotifier(brokers, names, db.url, log);
    try {
      const eventId = randomUUID();
      await producer.send({
        topic: names.topic,
        acks: -1,
        messages: [
          {
            key: '77',
            value: '{"order_id":77,"status":"paid","moment":"2026-11-21T10:00:00.123Z"}',
            headers: { 'event-id': eventId },
          },
        ],
      });
      const notified = () => lines.filter((l) => l.msg === 'order status changed' && l.event_id === eventId);
      await eventually('the redelivered event notified', () => notified().length > 0, 60_000);
      expect(failures).toBeGreaterThan(1);
      // Time for any further redelivery to show up.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(notified()).toHaveLength(1);
      expect(notified()[0]).toMatchObject({ order_id: 77, status: 'paid' });
      expect((await db.processed()).filter((r) => r.event_id === eventId)).toHaveLength(1);
    } finally {
      await notifier.stop();
    }
  });
});
