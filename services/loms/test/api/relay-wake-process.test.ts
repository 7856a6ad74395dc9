import type { IncomingEvent } from '@marketplace/platform';
import {
  createTestTopic,
  eventually,
  type LomsProcess,
  readTopicEvents,
  startLomsProcess,
  type TestTopic,
} from '@marketplace/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';

let events: TestTopic;
let loms: LomsProcess;
let reader: Awaited<ReturnType<typeof readTopicEvents>>;
let received: IncomingEvent[] = [];

beforeAll(async () => {
  events = await createTestTopic('loms.order-events');
  loms = await startLomsProcess({
    env: {
      OUTBOX_RELAY_ENABLED: 'true',
      KAFKA_BROKERS: events.brokers.join(','),
      ORDER_EVENTS_TOPIC: events.topic,
      // Far longer than the test waits: only the outbox insert notification can wake the relay in time.
      OUTBOX_POLL_INTERVAL: '10s',
    },
    logLevel: 'fatal',
  });
  await loms.post('/stock/set', { sku: '7', totalCount: 1_000 });
  reader = await readTopicEvents(events.kafka, events.topic);
  received = reader.received;
}, 90_000);
afterAll(async () => {
  await reader?.stop();
  await loms?.stop();
  await events?.delete();
});

/** Whether LOMS's relay has its notification connection open. */
async function listening(): Promise<boolean> {
  const client = new pg.Client({ connectionString: loms.databaseUrls[0] });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT 1 FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'loms-outbox-relay-listener' AND state = 'idle'`,
    );
    return rows.length === 1;
  } finally {
    await client.end();
  }
}

describe('the LOMS process relay with a 10 s poll', () => {
  it('publishes an order’s events within seconds, woken by the outbox insert', async () => {
    await eventually('the relay listening', listening);
    // The wake-up that follows connecting runs its batch; the relay then idles for 10 s.
    await new Promise((r) => setTimeout(r, 500));
    const orderId = await loms.createOrder(7, 1);
    await eventually(
      'the new and awaiting-payment events received',
      () => received.filter((e) => e.key === String(orderId)).length === 2,
      3_000,
      20,
    );
  });
});
