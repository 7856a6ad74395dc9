import type { EventPublisher, OutgoingEvent } from '@marketplace/platform';
import { eventually } from '@marketplace/testkit';
import { sql } from 'kysely';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOrder } from '../../src/app/create-order.ts';
import { OutboxRelay } from '../../src/app/outbox-relay.ts';
import { listenForOutboxInserts, openOutboxRelaySession } from '../../src/infra/outbox-relay-session.ts';
import { createLomsTestDb, type LomsTestDb } from '../support/loms-test-db.ts';

const quiet = pino({ level: 'silent' });
let t: LomsTestDb;
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  t = await createLomsTestDb();
  await t.addStock(1n, 1_000_000n);
});
beforeEach(async () => {
  await t.db.deleteFrom('outbox').execute();
});
afterAll(async () => {
  await Promise.all(relays.map((r) => r.stop()));
  await t.close();
});

/** A publisher that records what it was given and can be told to stall or fail. */
function stubPublisher() {
  const published: OutgoingEvent[] = [];
  let calls = 0;
  const stub = {
    published,
    calls: () => calls,
    /** Publishes never return while set (a broker that stopped answering). */
    stall: false,
    /** How many publishes to fail from now on. */
    failures: 0,
    publisher: {
      async publish(events) {
        calls++;
        if (stub.stall) return new Promise<void>(() => {});
        if (stub.failures > 0) {
          stub.failures--;
          throw new Error('broker unavailable');
        }
        published.push(...events);
      },
      async close() {},
    } satisfies EventPublisher,
  };
  return stub;
}

function startRelay(
  publisher: EventPublisher,
  stopTimeoutMs = 1_000,
  { pollIntervalMs = 20, listen = false, onLockTried = (_got: boolean) => {} } = {},
) {
  const relay = new OutboxRelay(
    t.deps,
    async () => {
      const session = await openOutboxRelaySession(t.url, quiet);
      return {
        ...session,
        tryLock: async () => {
          const got = await session.tryLock();
          onLockTried(got);
          return got;
        },
      };
    },
    publisher,
    { batchSize: 50, pollIntervalMs, maxBackoffMs: 100, stopTimeoutMs },
    quiet,
    new Registry(),
    listen ? listenForOutboxInserts(t.url, quiet) : undefined,
  );
  relay.start();
  relays.push(relay);
  return relay;
}

async function createOrders(count: number) {
  for (let i = 0; i < count; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, () =>
        createOrder(t.deps, { userId: 1n, items: [{ sku: 1n, count: 1n }] }),
      ),
    );
  }
}

const outboxIds = async () => (await t.events()).map((e) => e.event_id);
const unsentCount = async () =>
  (await t.db.selectFrom('outbox').select('id').where('sent_at', 'is', null).execute()).length;

/** Backends of this database other than the test's own query, with their state. */
async function backends() {
  const { rows } = await sql<{ application_name: string; state: string }>`
    SELECT application_name, state FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid()`.execute(t.db);
  return rows;
}

const LISTENER = 'loms-outbox-relay-listener';
/** True once the relay's notification connection is listening. */
const listening = async () =>
  (await backends()).some((b) => b.application_name === LISTENER && b.state === 'idle');

describe('OutboxRelay', () => {
  it('holds no transaction while a publish stalls, and stops within its timeout', async () => {
    const stub = stubPublisher();
    stub.stall = true;
    const relay = startRelay(stub.publisher, 1_000);
    await createOrders(3);
    await eventually('a publish in flight', () => stub.calls() > 0);
    await new Promise((r) => setTimeout(r, 300));

    const during = await backends();
    expect(during.filter((b) => b.state.startsWith('idle in transaction'))).toEqual([]);
    expect(during.filter((b) => b.application_name === 'loms-outbox-relay')).toEqual([
      { application_name: 'loms-outbox-relay', state: 'idle' },
    ]);

    const started = Date.now();
    await relay.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    // Its connection, and with it the relay lock, is gone; nothing was marked sent.
    await eventually(
      'the relay connection closed',
      async () => !(await backends()).some((b) => b.application_name === 'loms-outbox-relay'),
    );
    expect(await unsentCount()).toBe(6);

    // The next relay publishes the abandoned events: at least once.
    const next = stubPublisher();
    const nextRelay = startRelay(next.publisher);
    await eventually('all events published', () => next.published.length === 6);
    await nextRelay.stop();
    expect(next.published.map((e) => e.headers['event-id'])).toEqual(await outboxIds());
    expect(await unsentCount()).toBe(0);
  });

  it('lets one relay publish at a time: another waits while the first is stuck in a publish', async () => {
    const stuck = stubPublisher();
    stuck.stall = true;
    const first = startRelay(stuck.publisher, 500);
    await createOrders(2);
    await eventually('the first relay publishing', () => stuck.calls() > 0);

    const waiting = stubPublisher();
    const second = startRelay(waiting.publisher);
    await new Promise((r) => setTimeout(r, 500));
    expect(waiting.calls()).toBe(0);

    await first.stop();
    await eventually('the second relay took over', () => waiting.published.length === 4);
    await second.stop();
    expect(waiting.published.map((e) => e.headers['event-id'])).toEqual(await outboxIds());
  });

  it('keeps the relay lock between batches: a standby publishes nothing until the holder stops', async () => {
    const holder = stubPublisher();
    const first = startRelay(holder.publisher);
    await createOrders(1);
    await eventually('the first relay published', () => holder.published.length === 2);

    // The holder is idle between batches, yet the standby never gets the lock.
    const standby = stubPublisher();
    const standbyTries: boolean[] = [];
    const second = startRelay(standby.publisher, 1_000, { onLockTried: (got) => standbyTries.push(got) });
    await createOrders(2);
    await eventually('the holder published the new orders', () => holder.published.length === 6);
    await new Promise((r) => setTimeout(r, 200));
    expect(standbyTries.length).toBeGreaterThan(3);
    expect(standbyTries.every((got) => !got)).toBe(true);
    expect(standby.calls()).toBe(0);

    await first.stop();
    await createOrders(1);
    await eventually('the standby took over', () => standby.published.length === 2);
    await second.stop();
    expect([...holder.published, ...standby.published].map((e) => e.headers['event-id'])).toEqual(
      await outboxIds(),
    );
  });

  it('publishes everything in id order after the broker failed for a while', async () => {
    const stub = stubPublisher();
    stub.failures = 4;
    const relay = startRelay(stub.publisher);
    await createOrders(120);
    await eventually('all events published', async () => (await unsentCount()) === 0);
    await relay.stop();
    expect(stub.calls()).toBeGreaterThan(4);
    expect(stub.published.map((e) => e.headers['event-id'])).toEqual(await outboxIds());
  });

  it('carries on with a new connection after its connection was killed', async () => {
    const stub = stubPublisher();
    const relay = startRelay(stub.publisher);
    await createOrders(1);
    await eventually('the first events published', () => stub.published.length === 2);

    await sql`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = 'loms-outbox-relay'`.execute(t.db);
    await createOrders(1);
    await eventually('the later events published', () => stub.published.length === 4);
    await relay.stop();
    expect(stub.published.map((e) => e.headers['event-id'])).toEqual(await outboxIds());
  });

  it('relays an event committed while idle at once, woken by the outbox insert, not its 10 s poll', async () => {
    const stub = stubPublisher();
    const relay = startRelay(stub.publisher, 1_000, { pollIntervalMs: 10_000, listen: true });
    await eventually('the relay listening', listening);
    // Let the wake-up that follows connecting run its (empty) batch: the relay is now idle for 10 s.
    await new Promise((r) => setTimeout(r, 300));

    await createOrders(1);
    await eventually('the events published', () => stub.published.length === 2, 2_000);
    await relay.stop();
    expect(stub.published.map((e) => e.headers['event-id'])).toEqual(await outboxIds());
    await eventually('the listener closed', async () => !(await listening()));
  });

  it('still relays after its notification connection was killed, and listens again on a new one', async () => {
    const stub = stubPublisher();
    const relay = startRelay(stub.publisher, 1_000, { pollIntervalMs: 5_000, listen: true });
    await eventually('the relay listening', listening);
    await new Promise((r) => setTimeout(r, 300));

    await sql`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = ${LISTENER}`.execute(t.db);
    await createOrders(1);
    await eventually('the events of the first order published', () => stub.published.length === 2, 8_000);

    // A new connection listens, and wakes the relay well within its poll interval.
    await eventually('the relay listening again', listening, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    await createOrders(1);
    await eventually('the events of the second order published', () => stub.published.length === 4, 3_000);
    await relay.stop();
    expect(stub.published.map((e) => e.headers['event-id'])).toEqual(await outboxIds());
  });

  it('keeps a relay that finds the lock taken on its poll interval, however many commits notify it', async () => {
    const stuck = stubPublisher();
    stuck.stall = true;
    const first = startRelay(stuck.publisher, 500, { pollIntervalMs: 1_000, listen: true });
    await createOrders(1);
    await eventually('the first relay publishing', () => stuck.calls() > 0);

    let tries = 0;
    const standby = startRelay(stubPublisher().publisher, 1_000, {
      pollIntervalMs: 1_000,
      listen: true,
      onLockTried: () => tries++,
    });
    await eventually(
      'both relays listening',
      async () => (await backends()).filter((b) => b.application_name === LISTENER).length === 2,
    );
    await new Promise((r) => setTimeout(r, 300));
    const before = tries;
    const started = Date.now();
    // 30 commits, each notifying both relays: the standby tries the lock about once a second, not
    // once per commit.
    for (let i = 0; i < 30; i++) {
      await createOrders(1);
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (Date.now() - started) / 1_000;
    expect(tries - before).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    expect(tries - before).toBeLessThan(30);
    await Promise.all([first.stop(), standby.stop()]);
  });
});
