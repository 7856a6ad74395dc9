import { dedicatedKafka, eventually } from '@marketplace/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, eventNames, startRelayingLoms, startTestNotifier } from '../support/event-stack.ts';

// A broker of this suite's own, so stopping it disturbs no other suite.
const broker = dedicatedKafka(19092);
const names = eventNames();
let loms: Awaited<ReturnType<typeof startRelayingLoms>>;
let notifier: Awaited<ReturnType<typeof startTestNotifier>>;

beforeAll(async () => {
  await broker.start();
  await createTopics(broker.brokers, names);
  loms = await startRelayingLoms(broker.brokers, names.topic);
  notifier = await startTestNotifier(broker.brokers, names);
  await loms.post('/stock/set', { sku: '7', totalCount: 1_000_000 });
});
afterAll(async () => {
  await notifier?.stop();
  await notifier?.db?.close();
  await loms?.stop();
  await broker.stop();
});

async function queryOutbox<Row extends pg.QueryResultRow>(sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: loms.databaseUrls[0] });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Event ids LOMS committed to its outbox. */
async function outboxEventIds(): Promise<string[]> {
  const rows = await queryOutbox<{ event_id: string }>('SELECT event_id FROM outbox ORDER BY id');
  return rows.map((r) => r.event_id);
}

/** How many outbox events the relay has published. */
async function sentEvents(): Promise<number> {
  const [row] = await queryOutbox<{ sent: string }>(
    'SELECT count(*) AS sent FROM outbox WHERE sent_at IS NOT NULL',
  );
  return Number(row?.sent);
}

async function processedEventIds(): Promise<Set<string>> {
  return new Set((await notifier.db!.processed()).map((r) => r.event_id));
}

async function duplicatesSuppressed(): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${notifier.httpPort}/metrics`)).text();
  return Number(/notifier_events_total\{[^}]*outcome="duplicate"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
}

async function createOrders(count: number) {
  for (let i = 0; i < count; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - i) }, () => loms.createOrder(7, 1)));
  }
}

describe('order events survive faults', () => {
  it('delivers every event once in effect after the broker was down while 1,000 orders were made', async () => {
    await broker.stop();
    await createOrders(1_000);
    await broker.start();
    const produced = await outboxEventIds();
    expect(produced).toHaveLength(2_000);
    await eventually(
      'every event at the notifier',
      async () => (await processedEventIds()).size === produced.length,
      120_000,
    );
    const processed = await processedEventIds();
    expect(produced.every((id) => processed.has(id))).toBe(true);
    const notifications = (await notifier.db!.processed()).length;
    expect(notifications).toBe(produced.length);
    console.log(
      `outage: events produced ${produced.length}, delivered ${processed.size}, duplicates suppressed ${await duplicatesSuppressed()}`,
    );
  });

  it('loses nothing when LOMS is killed while its relay is publishing', async () => {
    const sentBefore = await sentEvents();
    const creating = createOrders(400).catch(() => 'interrupted');
    await eventually(
      'the relay publishing events of the new orders',
      async () => (await sentEvents()) > sentBefore,
    );
    await loms.kill();
    await creating;
    await loms.restart();
    const produced = await outboxEventIds();
    await eventually(
      'every committed event at the notifier',
      async () => {
        const processed = await processedEventIds();
        return produced.every((id) => processed.has(id));
      },
      60_000,
    );
    expect((await notifier.db!.processed()).length).toBe(new Set(produced).size);
  });
});
