import { randomBytes } from 'node:crypto';
import {
  createKafka,
  createKafkaPublisher,
  type EventPublisher,
  ensureTopics,
  type IncomingEvent,
  type RunningConsumer,
  runKafkaConsumer,
} from '@marketplace/platform';
import { eventually, resolveKafka } from '@marketplace/testkit';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelOrder } from '../../src/app/cancel-order.ts';
import { createOrder } from '../../src/app/create-order.ts';
import { OutboxRelay } from '../../src/app/outbox-relay.ts';
import { payOrder } from '../../src/app/pay-order.ts';
import { openOutboxRelaySession } from '../../src/infra/outbox-relay-session.ts';
import { createLomsTestDb, type LomsTestDb } from '../support/loms-test-db.ts';

const quiet = pino({ level: 'silent' });
const topic = `loms.order-events.relay-test-${randomBytes(3).toString('hex')}`;
let kafka: ReturnType<typeof createKafka>;
let t: LomsTestDb;
let reader: RunningConsumer;
const received: IncomingEvent[] = [];
const publishers: EventPublisher[] = [];

beforeAll(async () => {
  kafka = createKafka({ brokers: await resolveKafka(), clientId: 'loms-relay-test', log: quiet });
  await ensureTopics(kafka, [{ topic, numPartitions: 2 }]);
  t = await createLomsTestDb({ orderEventsTopic: topic });
  await t.addStock(1n, 1_000_000n);
  reader = await runKafkaConsumer(kafka, {
    groupId: `${topic}-reader`,
    topic,
    registry: new Registry(),
    log: quiet,
    handle: async (event) => {
      received.push(event);
    },
  });
});
afterAll(async () => {
  await reader?.stop();
  await Promise.all(publishers.map((p) => p.close()));
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin.disconnect();
  await t?.close();
});

function startRelay(publisher: EventPublisher) {
  const relay = new OutboxRelay(
    t.deps,
    () => openOutboxRelaySession(t.url, quiet),
    publisher,
    { batchSize: 40, pollIntervalMs: 20, maxBackoffMs: 200, stopTimeoutMs: 1_000 },
    quiet,
    new Registry(),
  );
  relay.start();
  return relay;
}

function kafkaPublisher() {
  const publisher = createKafkaPublisher(kafka, new Registry());
  publishers.push(publisher);
  return publisher;
}

/** Statuses of each order as first received (a redelivered event id counts once), by order id. */
function statusesByOrder(): Map<string, string[]> {
  const seen = new Set<string>();
  const byOrder = new Map<string, string[]>();
  for (const event of received) {
    const id = event.headers['event-id']!;
    if (seen.has(id)) continue;
    seen.add(id);
    const key = event.key ?? '';
    byOrder.set(key, [...(byOrder.get(key) ?? []), JSON.parse(event.value!.toString()).status]);
  }
  return byOrder;
}

/** Creates `count` orders ten at a time, then pays the even ones and cancels the odd ones. */
async function ordersPaidOrCancelled(count: number): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (let i = 0; i < count; i += 10) {
    ids.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, count - i) }, () =>
          createOrder(t.deps, { userId: 1n, items: [{ sku: 1n, count: 1n }] }),
        ),
      )),
    );
  }
  for (let i = 0; i < ids.length; i += 10) {
    await Promise.all(
      ids.slice(i, i + 10).map((id, j) => ((i + j) % 2 ? cancelOrder(t.deps, id) : payOrder(t.deps, id))),
    );
  }
  return ids;
}

function expectInOrder(ids: bigint[]) {
  const byOrder = statusesByOrder();
  ids.forEach((id, i) => {
    expect(byOrder.get(String(id)), `order ${id}`).toEqual([
      'new',
      'awaiting payment',
      i % 2 ? 'cancelled' : 'paid',
    ]);
  });
}

describe('outbox relay to a real broker', () => {
  it('keeps every order’s events in order over both partitions with two relays running', async () => {
    const relays = [startRelay(kafkaPublisher()), startRelay(kafkaPublisher())];
    const ids = await ordersPaidOrCancelled(300);
    await eventually(
      'every event received',
      () =>
        statusesByOrder().size >= 300 && ids.every((id) => statusesByOrder().get(String(id))?.length === 3),
      60_000,
    );
    await Promise.all(relays.map((r) => r.stop()));
    expectInOrder(ids);
    expect(new Set(received.map((e) => e.partition))).toEqual(new Set([0, 1]));
  }, 90_000);

  it('publishes again, in order, what a relay published but did not mark sent before it died', async () => {
    const real = kafkaPublisher();
    let published = 0;
    // Publishes for real, then never returns: the process "dies" between publish and mark.
    const dying: EventPublisher = {
      async publish(events) {
        await real.publish(events);
        published += events.length;
        return new Promise<void>(() => {});
      },
      close: async () => {},
    };
    const first = startRelay(dying);
    const ids = await ordersPaidOrCancelled(60);
    await eventually('a batch published', () => published > 0);
    await first.stop();

    const second = startRelay(kafkaPublisher());
    const keys = new Set(ids.map(String));
    const duplicates = () => {
      const ofTheseOrders = received.filter((e) => keys.has(e.key ?? ''));
      return ofTheseOrders.length - new Set(ofTheseOrders.map((e) => e.headers['event-id'])).size;
    };
    await eventually(
      'every event received, the unmarked batch twice',
      () => ids.every((id) => statusesByOrder().get(String(id))?.length === 3) && duplicates() >= published,
      60_000,
    );
    await second.stop();
    expectInOrder(ids);
    expect(duplicates()).toBe(published);
  }, 90_000);
});
