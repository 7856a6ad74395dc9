import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deleteRelayedEvents } from '../../src/app/delete-relayed-events.ts';
import { forgetIdempotencyKeys } from '../../src/app/forget-idempotency-keys.ts';
import { createLomsTestDb, type LomsTestDb } from '../support/loms-test-db.ts';

let t: LomsTestDb;
const now = new Date('2026-11-21T10:00:00.000Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await createLomsTestDb();
});
afterAll(() => t.close());
beforeEach(async () => {
  t.clock.current = now;
  await t.db.deleteFrom('idempotency_keys').execute();
  await t.db.deleteFrom('outbox').execute();
});

async function addKeys(count: number, createdAt: Date) {
  const keys = Array.from({ length: count }, () => randomUUID());
  await t.db
    .insertInto('idempotency_keys')
    .values(keys.map((key) => ({ key, request_hash: 'h', created_at: createdAt })))
    .execute();
  return keys;
}

async function addEvents(count: number, sentAt: Date | null) {
  const rows = await t.db
    .insertInto('outbox')
    .values(
      Array.from({ length: count }, () => ({
        event_id: randomUUID(),
        topic: 'loms.order-events.test',
        key: '1',
        payload: '{}',
        headers: {},
        created_at: hoursAgo(5),
        sent_at: sentAt,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

const remainingKeys = async () =>
  (await t.db.selectFrom('idempotency_keys').select('key').execute()).map((r) => r.key).sort();
const remainingEvents = async () =>
  (await t.db.selectFrom('outbox').select('id').orderBy('id').execute()).map((r) => r.id);

describe('forgetIdempotencyKeys', () => {
  it('deletes keys older than the retention in batches until a short one, keeping newer keys', async () => {
    await addKeys(25, hoursAgo(3));
    const recent = await addKeys(4, hoursAgo(1));
    const batches: number[] = [];

    const deleted = await forgetIdempotencyKeys(t.deps, {
      retentionMs: 2 * HOUR,
      batchSize: 10,
      onBatch: (n) => batches.push(n),
    });

    expect(deleted).toBe(25);
    expect(batches).toEqual([10, 10, 5]);
    expect(await remainingKeys()).toEqual(recent.sort());
  });

  it('ends after the batch in hand once its signal is aborted', async () => {
    await addKeys(25, hoursAgo(3));
    const stopping = new AbortController();

    const deleted = await forgetIdempotencyKeys(t.deps, {
      retentionMs: 2 * HOUR,
      batchSize: 10,
      signal: stopping.signal,
      onBatch: () => stopping.abort(),
    });

    expect(deleted).toBe(10);
    expect(await remainingKeys()).toHaveLength(15);
  });
});

describe('deleteRelayedEvents', () => {
  it('deletes events sent before the retention, oldest first in batches, and never unsent ones', async () => {
    const old = await addEvents(23, hoursAgo(3));
    const recent = await addEvents(3, hoursAgo(1));
    const unsent = await addEvents(2, null);
    const batches: number[] = [];

    const deleted = await deleteRelayedEvents(t.deps, {
      retentionMs: 2 * HOUR,
      batchSize: 10,
      onBatch: (n) => batches.push(n),
    });

    expect(deleted).toBe(old.length);
    expect(batches).toEqual([10, 10, 3]);
    expect(await remainingEvents()).toEqual([...recent, ...unsent]);
  });

  it('deletes old sent events whatever their place in id order, and never an unsent one', async () => {
    const unsent = await addEvents(3, null);
    await addEvents(2, hoursAgo(3));
    expect(await deleteRelayedEvents(t.deps, { retentionMs: 2 * HOUR, batchSize: 3 })).toBe(2);
    expect(await remainingEvents()).toEqual(unsent);
  });
});
