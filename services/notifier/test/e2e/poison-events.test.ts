import { randomBytes, randomUUID } from 'node:crypto';
import { parseJson } from '@marketplace/platform';
import { eventually, resolveKafka } from '@marketplace/testkit';
import type { IHeaders, Kafka, Producer } from 'kafkajs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_ID_MAX_LENGTH, VALUE_MAX_BYTES } from '../../src/domain/order-event.ts';
import { createTopics, eventNames, readTopic, startTestNotifier } from '../support/event-stack.ts';
import { createNotifierTestDb } from '../support/notifier-test-db.ts';

let brokers: string[];
let kafka: Kafka;
let producer: Producer;
let db: Awaited<ReturnType<typeof createNotifierTestDb>>;

beforeAll(async () => {
  brokers = await resolveKafka();
  db = await createNotifierTestDb();
});
afterAll(async () => {
  await producer?.disconnect();
  await db?.close();
});

const moment = '2026-11-21T10:00:00.123Z';
const event = (orderId: string, status = 'new') =>
  `{"order_id":${orderId},"status":"${status}","moment":"${moment}"}`;
/** One key for all, so every message lands on the same partition, in this order. */
const KEY = 'same-partition';

interface Poison {
  kind: string;
  value: string | null;
  headers: IHeaders;
  reason: string;
}

const id = () => ({ 'event-id': randomUUID() });
const POISONS: Poison[] = [
  { kind: 'missing event-id', value: event('1'), headers: {}, reason: 'missing event-id header' },
  {
    kind: 'oversized event-id (3 KB)',
    value: event('1'),
    headers: { 'event-id': randomBytes(1_500).toString('hex') },
    reason: `event-id header is longer than ${EVENT_ID_MAX_LENGTH} characters`,
  },
  {
    kind: 'invalid event-id (NUL)',
    value: event('1'),
    headers: { 'event-id': 'bad\u0000id' },
    reason: 'event-id header contains control or non-UTF-8 characters',
  },
  { kind: 'no value', value: null, headers: id(), reason: 'empty value' },
  {
    kind: 'value too large',
    value: `{"pad":"${'x'.repeat(VALUE_MAX_BYTES)}"}`,
    headers: id(),
    reason: `value is larger than ${VALUE_MAX_BYTES} bytes`,
  },
  { kind: 'value not JSON', value: 'garbage {', headers: id(), reason: 'value is not JSON' },
  { kind: 'value not an object', value: '[5]', headers: id(), reason: 'value is not a JSON object' },
  {
    kind: 'order_id missing',
    value: `{"status":"new","moment":"${moment}"}`,
    headers: id(),
    reason: 'order_id is missing',
  },
  { kind: 'order_id 0', value: event('0'), headers: id(), reason: 'order_id must be greater than 0' },
  { kind: 'order_id negative', value: event('-7'), headers: id(), reason: 'order_id must be greater than 0' },
  {
    kind: 'order_id beyond int64',
    value: event('9223372036854775808'),
    headers: id(),
    reason: 'order_id is out of the int64 range',
  },
  {
    kind: 'order_id not an integer',
    value: event('1.5'),
    headers: id(),
    reason: 'order_id must be an integer',
  },
  { kind: 'order_id a string', value: event('"5"'), headers: id(), reason: 'order_id must be an integer' },
  { kind: 'unknown status', value: event('1', 'shipped'), headers: id(), reason: 'unknown status "shipped"' },
  {
    kind: 'bad moment',
    value: '{"order_id":1,"status":"new","moment":"2026-02-30T10:00:00Z"}',
    headers: id(),
    reason: 'moment must be an RFC 3339 timestamp',
  },
];

async function connectProducer() {
  if (!producer) {
    producer = kafka.producer();
    await producer.connect();
  }
  return producer;
}

describe('poison order events', () => {
  it('parks each kind on the DLQ with its reason, logs it, commits it, and the partition keeps flowing', async () => {
    const names = eventNames();
    kafka = await createTopics(brokers, names);
    const logLines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) });
    const notifier = await startTestNotifier(brokers, names, db.url, log);
    const dlq = await readTopic(kafka, names.dlq);
    try {
      const good = { 'event-id': randomUUID() };
      await (await connectProducer()).send({
        topic: names.topic,
        acks: -1,
        messages: [
          ...POISONS.map((p) => ({ key: KEY, value: p.value, headers: p.headers })),
          { key: KEY, value: event('9223372036854775807', 'paid'), headers: good },
        ],
      });

      await eventually('the event after the poison processed', async () =>
        (await db.processed()).some((r) => r.event_id === good['event-id']),
      );
      await eventually(
        () => `every poison on the DLQ (${dlq.messages.length} of ${POISONS.length})`,
        () => dlq.messages.length === POISONS.length,
      );

      // Each kind parked once, in order, with its reason and where it came from.
      const partition = dlq.messages[0]!.headers['dlq-source-partition']!;
      const offsets = dlq.messages.map((m) => BigInt(m.headers['dlq-source-offset']!));
      expect(dlq.messages.map((m) => m.headers['dlq-reason'])).toEqual(POISONS.map((p) => p.reason));
      dlq.messages.forEach((m, i) => {
        expect(m.headers).toMatchObject({
          'dlq-source-topic': names.topic,
          'dlq-source-partition': partition,
        });
        expect(m.value).toBe(POISONS[i]!.value ?? '');
        if (i > 0) expect(offsets[i]).toBe(offsets[i - 1]! + 1n);
      });
      expect(dlq.messages[1]!.headers['event-id']).toHaveLength(3_000);

      // Logged with partition and offset.
      const logged = logLines
        .map((line) => parseJson(line) as Record<string, unknown>)
        .filter((l) => l.msg === 'unprocessable order event parked');
      expect(logged.map((l) => [l.partition, l.offset, l.reason])).toEqual(
        dlq.messages.map((m) => [Number(partition), m.headers['dlq-source-offset'], m.headers['dlq-reason']]),
      );

      // The good event after them: order id exact in the database and in the log line.
      const row = (await db.processed()).find((r) => r.event_id === good['event-id'])!;
      expect(row).toMatchObject({
        order_id: 9223372036854775807n,
        status: 'paid',
        partition: Number(partition),
      });
      expect(BigInt(row.offset)).toBe(offsets.at(-1)! + 1n);
      const notified = logLines.find((l) => l.includes(good['event-id']))!;
      expect(notified).toContain('"order_id":9223372036854775807,');
      expect(notified).toContain('"msg":"order status changed"');
    } finally {
      await dlq.stop();
      await notifier.stop();
    }

    // Every offset was committed: a new member of the group has nothing left to do.
    const again = await startTestNotifier(brokers, names, db.url);
    try {
      const after = { 'event-id': randomUUID() };
      await producer.send({
        topic: names.topic,
        acks: -1,
        messages: [{ key: KEY, value: event('8'), headers: after }],
      });
      await eventually('the next event processed', async () =>
        (await db.processed()).some((r) => r.event_id === after['event-id']),
      );
      const text = await (await fetch(`http://127.0.0.1:${again.httpPort}/metrics`)).text();
      expect(text).toMatch(/notifier_events_total\{[^}]*outcome="notified"[^}]*\} 1\b/);
      expect(text).not.toMatch(/outcome="(parked|duplicate)"/);
    } finally {
      await again.stop();
    }
  });

  it('parks a shortened copy when the whole message no longer fits the DLQ topic', async () => {
    const names = eventNames();
    kafka = await createTopics(brokers, { ...names, dlq: `${names.dlq}-unused` });
    // The dead-letter topic takes smaller messages than the source (as when a message is close to
    // the broker's limit and the DLQ headers push it over).
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        {
          topic: names.dlq,
          numPartitions: 1,
          configEntries: [{ name: 'max.message.bytes', value: '20000' }],
        },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    const notifier = await startTestNotifier(brokers, names, db.url);
    const dlq = await readTopic(kafka, names.dlq);
    try {
      const good = { 'event-id': randomUUID() };
      const big = 'y'.repeat(25_000);
      await (await connectProducer()).send({
        topic: names.topic,
        acks: -1,
        messages: [
          { key: KEY, value: big, headers: { 'event-id': 'big-1' } },
          { key: KEY, value: event('9'), headers: good },
        ],
      });
      await eventually('the event after it processed', async () =>
        (await db.processed()).some((r) => r.event_id === good['event-id']),
      );
      await eventually('the shortened copy on the DLQ', () => dlq.messages.length === 1);
      expect(dlq.messages[0]!.headers).toMatchObject({
        'event-id': 'big-1',
        'dlq-reason': `value is larger than ${VALUE_MAX_BYTES} bytes`,
        'dlq-truncated': '25000',
        'dlq-source-topic': names.topic,
      });
      expect(dlq.messages[0]!.value).toBe(big.slice(0, VALUE_MAX_BYTES));
    } finally {
      await dlq.stop();
      await notifier.stop();
    }
  });
});
