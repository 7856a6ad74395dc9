import { randomUUID } from 'node:crypto';
import { eventually, sampleValue } from '@marketplace/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder } from '../../src/app/create-order.ts';
import { getOrderInfo } from '../../src/app/get-order-info.ts';
import { startTestLoms, type TestLoms } from '../support/test-loms.ts';

let t: TestLoms;

beforeAll(async () => {
  t = await startTestLoms({
    PAYMENT_TIMEOUT: '1s',
    EXPIRY_SWEEP_INTERVAL: '100ms',
    CLEANUP_INTERVAL: '100ms',
    CLEANUP_BATCH_SIZE: '10',
    IDEMPOTENCY_KEY_TTL: '1h',
    OUTBOX_RETENTION: '1h',
  });
  await t.addStock(1n, 100n);
});
afterAll(() => t?.stop());

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

async function addKeys(count: number, createdAt: Date) {
  await t.db
    .insertInto('idempotency_keys')
    .values(
      Array.from({ length: count }, () => ({ key: randomUUID(), request_hash: 'h', created_at: createdAt })),
    )
    .execute();
}

async function addEvents(count: number, createdAt: Date, sentAt: Date | null) {
  await t.db
    .insertInto('outbox')
    .values(
      Array.from({ length: count }, () => ({
        event_id: randomUUID(),
        topic: 'loms.order-events.test',
        key: '1',
        payload: '{}',
        headers: {},
        created_at: createdAt,
        sent_at: sentAt,
      })),
    )
    .execute();
}

const count = async (table: 'idempotency_keys' | 'outbox') =>
  Number((await t.db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

const metrics = async () => (await t.http('/metrics')).text ?? '';

describe('background jobs', () => {
  it('keeps deleting old idempotency keys and sent events while order expiry fails', async () => {
    await t.db.deleteFrom('idempotency_keys').execute();
    await t.db.deleteFrom('outbox').execute();
    await addKeys(25, hoursAgo(2));
    await addKeys(5, hoursAgo(0.5));
    await addEvents(25, hoursAgo(3), hoursAgo(2));
    await addEvents(3, hoursAgo(3), null);
    await addEvents(5, hoursAgo(0.5), hoursAgo(0.5));
    await sql`ALTER TABLE orders RENAME TO orders_away`.execute(t.db);
    try {
      await eventually('old keys and sent events deleted, and order expiry failed', async () => {
        const expiryFailures = sampleValue(await metrics(), 'loms_job_runs_total', {
          job: 'expire-unpaid-orders',
          outcome: 'error',
        });
        return (
          (await count('idempotency_keys')) === 5 &&
          (await count('outbox')) === 8 &&
          (expiryFailures ?? 0) > 0
        );
      });
    } finally {
      await sql`ALTER TABLE orders_away RENAME TO orders`.execute(t.db);
    }
    const unsent = await t.db.selectFrom('outbox').select('id').where('sent_at', 'is', null).execute();
    expect(unsent).toHaveLength(3);
    const text = await metrics();
    expect(sampleValue(text, 'loms_cleanup_deleted_rows_total', { table: 'idempotency_keys' })).toBe(25);
    expect(sampleValue(text, 'loms_cleanup_deleted_rows_total', { table: 'outbox' })).toBe(25);
    expect(
      sampleValue(text, 'loms_job_runs_total', { job: 'expire-unpaid-orders', outcome: 'error' }),
    ).toBeGreaterThan(0);
    const lastCleanup = sampleValue(text, 'loms_job_last_success_timestamp_seconds', {
      job: 'delete-relayed-events',
    });
    expect(lastCleanup).toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it('expires unpaid orders while the idempotency-key cleanup fails', async () => {
    await sql`ALTER TABLE idempotency_keys RENAME TO idempotency_keys_away`.execute(t.db);
    try {
      const orderId = await createOrder(t.loms.deps, { userId: 1n, items: [{ sku: 1n, count: 3n }] });
      expect(await t.stock(1n)).toEqual({ total: 100n, reserved: 3n });
      await eventually(
        'the order expired',
        async () => (await getOrderInfo(t.loms.deps, orderId)).status === 'cancelled',
      );
      expect(await t.stock(1n)).toEqual({ total: 100n, reserved: 0n });
      const text = await metrics();
      expect(
        sampleValue(text, 'loms_job_runs_total', { job: 'forget-idempotency-keys', outcome: 'error' }),
      ).toBeGreaterThan(0);
      expect(sampleValue(text, 'loms_orders_expired_total')).toBeGreaterThanOrEqual(1);
    } finally {
      await sql`ALTER TABLE idempotency_keys_away RENAME TO idempotency_keys`.execute(t.db);
    }
  });
});
