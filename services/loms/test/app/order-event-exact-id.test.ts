import { parseJson, readInt64 } from '@marketplace/platform';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder } from '../../src/app/create-order.ts';
import { createLomsTestDb, type LomsTestDb } from '../support/loms-test-db.ts';

let t: LomsTestDb;

beforeAll(async () => {
  t = await createLomsTestDb();
});
afterAll(() => t.close());

describe('order events of the largest order id', () => {
  it('carry order id 9223372036854775807 exactly in the outbox value and key', async () => {
    await sql`SELECT setval('orders_id_seq', 9223372036854775806)`.execute(t.db);
    await t.addStock(1n, 10n);
    const orderId = await createOrder(t.deps, { userId: 1n, items: [{ sku: 1n, count: 1n }] });
    expect(orderId).toBe(9223372036854775807n);
    const events = await t.events(orderId);
    expect(events.map((e) => e.key)).toEqual(['9223372036854775807', '9223372036854775807']);
    for (const event of events) {
      expect(event.payload).toMatch(
        /^\{"order_id":9223372036854775807,"status":"[a-z ]+","moment":"[^"]+"\}$/,
      );
      expect(readInt64((parseJson(event.payload) as { order_id: unknown }).order_id)).toBe(orderId);
    }
  });
});
