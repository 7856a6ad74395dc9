import type { IncomingEvent } from '@marketplace/platform';
import {
  createTestTopic,
  eventually,
  productsRelayingTo,
  readTopicEvents,
  type TestTopic,
} from '@marketplace/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProducts, type TestProducts } from '../support/test-products.ts';

let events: TestTopic;
let t: TestProducts;
let reader: Awaited<ReturnType<typeof readTopicEvents>>;
let received: IncomingEvent[] = [];

beforeAll(async () => {
  events = await createTestTopic('products.product-events');
  // A poll far longer than the test waits: only the insert notification can wake the relay in time.
  t = await startTestProducts({ ...productsRelayingTo(events), OUTBOX_POLL_INTERVAL: '10s' });
  reader = await readTopicEvents(events.kafka, events.topic);
  received = reader.received;
});
afterAll(async () => {
  await reader?.stop();
  await t?.stop();
  await events?.delete();
});

describe('product change events with a 10 s outbox poll', () => {
  it('publishes a change within seconds, the relay woken by the outbox insert', async () => {
    await eventually('the relay listening for outbox inserts', async () => {
      const { rows } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'products-outbox-relay-listener'
          AND state = 'idle'`.execute(t.db);
      return rows[0]?.n === 1;
    });
    // The wake-up that follows connecting runs its (empty) batch; the relay then idles for 10 s.
    await new Promise((r) => setTimeout(r, 500));

    const sku = '424242';
    const body = JSON.stringify({ sku, name: 'woken', price: 5 });
    expect((await t.http('/product', { method: 'POST', body })).status).toBeLessThan(300);
    await eventually('the event received', () => received.some((e) => e.key === sku), 3_000, 20);
    expect(JSON.parse(received.find((e) => e.key === sku)!.value!.toString())).toMatchObject({
      sku,
      name: 'woken',
    });
  });
});
