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
import { waitForBatch } from '../support/wait-for-batch.ts';

const BIG_SKU = 9223372036854775807n;
let events: TestTopic;
let t: TestProducts;
let reader: Awaited<ReturnType<typeof readTopicEvents>>;
let received: IncomingEvent[] = [];

beforeAll(async () => {
  events = await createTestTopic('products.product-events');
  t = await startTestProducts({
    ...productsRelayingTo(events),
    INGEST_WORKERS: '1',
    OUTBOX_RETENTION: '1s',
    CLEANUP_INTERVAL: '200ms',
  });
  reader = await readTopicEvents(events.kafka, events.topic);
  received = reader.received;
});
afterAll(async () => {
  await reader?.stop();
  await t?.stop();
  await events?.delete();
});

/** The events of `sku` received so far, parsed, in partition order. */
function eventsOf(sku: bigint) {
  return received.filter((e) => e.key === String(sku)).map((e) => JSON.parse(e.value!.toString()));
}

async function untilEvents(sku: bigint, count: number) {
  await eventually(`${count} events of sku ${sku}`, () => eventsOf(sku).length >= count, 15_000, 20);
  return eventsOf(sku);
}

describe('product change events', () => {
  it('publishes a create, a PATCH, a PUT and a delete of a sku in order, keyed by the exact sku', async () => {
    const sku = String(BIG_SKU);
    expect(
      (await t.http('/product', { method: 'POST', body: JSON.stringify({ sku, name: 'a', price: 10 }) }))
        .status,
    ).toBeLessThan(300);
    expect(
      (await t.http(`/product/${sku}`, { method: 'PATCH', body: JSON.stringify({ price: 11 }) })).status,
    ).toBeLessThan(300);
    expect(
      (await t.http(`/product/${sku}`, { method: 'PUT', body: JSON.stringify({ name: 'b', price: 12 }) }))
        .status,
    ).toBeLessThan(300);
    expect((await t.http(`/product/${sku}`, { method: 'DELETE' })).status).toBeLessThan(300);
    const events = await untilEvents(BIG_SKU, 4);
    expect(events.map((e) => [e.sku, e.name, e.price, e.deleted])).toEqual([
      [sku, 'a', 10, false],
      [sku, 'a', 11, false],
      [sku, 'b', 12, false],
      [sku, 'b', 12, true],
    ]);
    for (const event of events) expect(Date.parse(event.moment)).toBeGreaterThan(Date.now() - 60_000);
    const ids = received.filter((e) => e.key === sku).map((e) => e.headers['event-id']);
    expect(new Set(ids).size).toBe(4);
  });

  it('publishes the prices the ingest workers write, and nothing for a change that did not commit', async () => {
    await t.addProducts({ sku: 501n, name: 'ingested', price: 1 });
    expect(
      (
        await t.http('/product', {
          method: 'POST',
          body: JSON.stringify({ sku: '501', name: 'again', price: 2 }),
        })
      ).status,
    ).toBe(409);
    const accepted = await t.http('/product/events', {
      method: 'POST',
      body: JSON.stringify({ events: [{ sku: '501', price: 77 }] }),
    });
    expect(accepted.status).toBe(202);
    const batchId = (accepted.body as { batchId: string }).batchId;
    await waitForBatch(async () => (await t.http(`/product/events/${batchId}`)).body as { status: string });
    const events = await untilEvents(501n, 2);
    expect(events.map((e) => [e.name, e.price])).toEqual([
      ['ingested', 1],
      ['ingested', 77],
    ]);
  });

  it('deletes published events once they are older than OUTBOX_RETENTION', async () => {
    await t.addProducts({ sku: 601n, name: 'kept briefly', price: 3 });
    await untilEvents(601n, 1);
    const outboxRows = async () =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM outbox`.execute(t.db)).rows[0]?.n);
    const deadline = Date.now() + 15_000;
    while ((await outboxRows()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await outboxRows()).toBe(0);
  });
});
