import { eventually, resolveKafka } from '@marketplace/testkit';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTopics,
  eventNames,
  readTopic,
  startRelayingLoms,
  startTestNotifier,
} from '../support/event-stack.ts';

let brokers: string[];
let kafka: Kafka;
let loms: Awaited<ReturnType<typeof startRelayingLoms>>;
let notifier: Awaited<ReturnType<typeof startTestNotifier>>;
let reader: Awaited<ReturnType<typeof readTopic>>;
const names = eventNames();

beforeAll(async () => {
  brokers = await resolveKafka();
  kafka = await createTopics(brokers, names);
  loms = await startRelayingLoms(brokers, names.topic);
  notifier = await startTestNotifier(brokers, names);
  reader = await readTopic(kafka, names.topic);
  for (const sku of [1, 2, 3]) await loms.post('/stock/set', { sku: String(sku), totalCount: 100_000 });
});
afterAll(async () => {
  await reader?.stop();
  await notifier?.stop();
  await notifier?.db?.close();
  await loms?.stop();
});

const statusesOf = (orderId: string) =>
  reader.messages.filter((m) => m.key === orderId).map((m) => JSON.parse(m.value).status as string);

describe('order events from LOMS through Kafka to the notifier', () => {
  it('publishes new, then the outcome, then paid or cancelled, with the exact JSON, key and headers', async () => {
    const paid = await loms.createOrder(1, 1);
    await loms.post('/order/pay', { orderId: paid });
    const cancelled = await loms.createOrder(1, 1);
    await loms.post('/order/cancel', { orderId: cancelled });
    const failedCreate = await loms.post('/order/create', {
      userId: '1',
      items: [{ sku: '1', count: 1_000_000 }],
    });
    expect(failedCreate.status).toBe(400);
    const failed = String(Number(cancelled) + 1);

    await eventually(
      'all events on the topic',
      () =>
        statusesOf(paid).length === 3 &&
        statusesOf(cancelled).length === 3 &&
        statusesOf(failed).length === 2,
      10_000,
    );
    expect(statusesOf(paid)).toEqual(['new', 'awaiting payment', 'paid']);
    expect(statusesOf(cancelled)).toEqual(['new', 'awaiting payment', 'cancelled']);
    expect(statusesOf(failed)).toEqual(['new', 'failed']);

    const message = reader.messages.find((m) => m.key === paid)!;
    expect(message.value).toMatch(
      new RegExp(
        `^\\{"order_id":${paid},"status":"new","moment":"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"\\}$`,
      ),
    );
    expect(message.headers['event-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(reader.messages.map((m) => m.headers['event-id'])).size).toBe(reader.messages.length);

    await eventually(
      'the notifier processed them',
      async () => (await notifier.db!.processed()).length >= 8,
      10_000,
    );
  });

  it('keeps each order’s events in order across both partitions for 500 orders', async () => {
    const orders: string[] = [];
    for (let i = 0; i < 500; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: 25 }, (_, j) => loms.createOrder(2 + ((i + j) % 2), 1)),
      );
      orders.push(...batch);
    }
    await Promise.all(
      orders.map((orderId, i) => loms.post(i % 2 ? '/order/pay' : '/order/cancel', { orderId })),
    );
    await eventually(
      'three events for every order',
      () => orders.every((id) => statusesOf(id).length === 3),
      60_000,
    );
    orders.forEach((orderId, i) => {
      expect(statusesOf(orderId)).toEqual(['new', 'awaiting payment', i % 2 ? 'paid' : 'cancelled']);
    });
    const partitions = new Set(
      reader.messages.filter((m) => orders.includes(m.key!)).map((m) => m.partition),
    );
    expect(partitions).toEqual(new Set([0, 1]));
  });
});
