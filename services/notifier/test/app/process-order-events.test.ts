import { type IncomingEvent, parseJson } from '@marketplace/platform';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NotifierDeps, NotifierStore } from '../../src/app/ports.ts';
import { processOrderEvents } from '../../src/app/process-order-events.ts';
import { createPostgresStore } from '../../src/infra/store.ts';
import { createNotifierTestDb } from '../support/notifier-test-db.ts';

let t: Awaited<ReturnType<typeof createNotifierTestDb>>;
let store: NotifierStore;

beforeAll(async () => {
  t = await createNotifierTestDb();
  store = createPostgresStore(t.db);
});
beforeEach(async () => {
  await t.db.deleteFrom('processed_events').execute();
});
afterAll(() => t.close());

let nextOffset = 0;
const message = (eventId: string, body?: string): IncomingEvent => ({
  topic: 'loms.order-events',
  partition: 0,
  offset: String(nextOffset++),
  key: '9',
  value: Buffer.from(body ?? '{"order_id":9,"status":"paid","moment":"2026-11-21T10:00:00.123Z"}'),
  headers: { 'event-id': eventId },
});
const run = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => message(`${prefix}-${i}`));

/** Deps over the test database whose notification sink runs `beforeWrite` before keeping a line. */
function depsWith(beforeWrite: (eventId: string) => void = () => {}, over: NotifierStore = store) {
  const lines: Array<Record<string, unknown>> = [];
  const parked: Array<{ offset: string; reason: string }> = [];
  const notifications = pino(
    { level: 'info' },
    {
      write(line: string) {
        const entry = parseJson(line) as Record<string, unknown>;
        if (entry.msg === 'order status changed') beforeWrite(entry.event_id as string);
        lines.push(entry);
      },
    },
  );
  const deps: NotifierDeps = {
    store: over,
    deadLetters: { park: async (m, reason) => void parked.push({ offset: m.offset, reason }) },
    notifications,
  };
  return {
    deps,
    parked,
    notified: () => lines.filter((l) => l.msg === 'order status changed').map((l) => l.event_id),
  };
}

/** How many transactions wrote the records (each row's xmin is its inserting transaction). */
async function recordingTransactions(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(DISTINCT xmin::text)::int AS n FROM processed_events`.execute(t.db);
  return rows[0]!.n;
}

describe('processOrderEvents', () => {
  it('records and notifies a run of 200 events in one transaction', async () => {
    const { deps, notified } = depsWith();
    const messages = run('all', 200);
    const outcomes = await processOrderEvents(deps, messages);
    expect(outcomes).toEqual(messages.map(() => 'notified'));
    expect(notified()).toEqual(messages.map((m) => m.headers['event-id']));
    expect(await t.processed()).toHaveLength(200);
    expect(await recordingTransactions()).toBe(1);
  });

  it('skips ids recorded before and ids repeated within the run', async () => {
    const { deps, notified } = depsWith();
    await processOrderEvents(deps, [message('seen-1')]);
    const outcomes = await processOrderEvents(deps, [
      message('seen-1'),
      message('new-1'),
      message('new-1'),
      message('new-2'),
    ]);
    expect(outcomes).toEqual(['duplicate', 'notified', 'duplicate', 'notified']);
    expect(notified()).toEqual(['seen-1', 'new-1', 'new-2']);
    expect(await t.processed()).toHaveLength(3);
  });

  it('parks a poison message of the run with its reason and acts on the others', async () => {
    const { deps, notified, parked } = depsWith();
    const poison = message('bad', '{"order_id":9,"status":"shipped","moment":"2026-11-21T10:00:00.123Z"}');
    const outcomes = await processOrderEvents(deps, [message('ok-1'), poison, message('ok-2')]);
    expect(outcomes).toEqual(['notified', 'parked', 'notified']);
    expect(parked).toEqual([{ offset: poison.offset, reason: 'unknown status "shipped"' }]);
    expect(notified()).toEqual(['ok-1', 'ok-2']);
    expect((await t.processed()).map((r) => r.event_id).sort()).toEqual(['ok-1', 'ok-2']);
  });

  it('parks an event the database refuses, acting on the rest of its run one transaction each', async () => {
    await sql`ALTER TABLE processed_events ADD CONSTRAINT no_order_42 CHECK (order_id <> 42)`.execute(t.db);
    try {
      const { deps, notified, parked } = depsWith();
      const refused = message(
        'refused',
        '{"order_id":42,"status":"new","moment":"2026-11-21T10:00:00.123Z"}',
      );
      const outcomes = await processOrderEvents(deps, [message('r-1'), refused, message('r-2')]);
      expect(outcomes).toEqual(['notified', 'parked', 'notified']);
      expect(parked).toEqual([
        { offset: refused.offset, reason: expect.stringMatching(/no_order_42.*\(SQLSTATE 23514\)$/) },
      ]);
      expect(notified()).toEqual(['r-1', 'r-2']);
    } finally {
      await sql`ALTER TABLE processed_events DROP CONSTRAINT no_order_42`.execute(t.db);
    }
  });

  it('records, notifies and parks nothing when the database fails, and acts on the run once when it comes again', async () => {
    let failNext = true;
    // Recording fails once, as when the database restarts under the transaction.
    const faulty: NotifierStore = {
      processed: store.processed,
      transaction: (work) =>
        store.transaction((processed) =>
          work({
            ...processed,
            async recordEachOnce(records) {
              if (!failNext) return processed.recordEachOnce(records);
              failNext = false;
              throw Object.assign(new Error('terminating connection'), { code: '57P01' });
            },
          }),
        ),
    };
    const { deps, notified, parked } = depsWith(() => {}, faulty);
    const messages = [...run('retry', 20), message('poison', '{oops')];
    await expect(processOrderEvents(deps, messages)).rejects.toThrow('terminating connection');
    expect(await t.processed()).toEqual([]);
    expect(notified()).toEqual([]);
    expect(parked).toEqual([]);

    const outcomes = await processOrderEvents(deps, messages);
    expect(outcomes).toEqual([...Array(20).fill('notified'), 'parked']);
    expect(await t.processed()).toHaveLength(20);
    expect(notified()).toEqual(messages.slice(0, 20).map((m) => m.headers['event-id']));
    expect(parked).toEqual([{ offset: messages[20]!.offset, reason: 'value is not JSON' }]);
  });

  it('keeps the events notified before the sink failed, so the redelivered run notifies only the rest', async () => {
    let failing = true;
    const { deps, notified } = depsWith((eventId) => {
      if (failing && eventId === 'sink-5') throw new Error('sink down');
    });
    const messages = run('sink', 10);
    await expect(processOrderEvents(deps, messages)).rejects.toThrow('sink down');
    expect((await t.processed()).map((r) => r.event_id).sort()).toEqual(
      ['sink-0', 'sink-1', 'sink-2', 'sink-3', 'sink-4'].sort(),
    );

    failing = false;
    const outcomes = await processOrderEvents(deps, messages);
    expect(outcomes).toEqual([...Array(5).fill('duplicate'), ...Array(5).fill('notified')]);
    expect(notified()).toEqual(messages.map((m) => m.headers['event-id']));
    expect(await t.processed()).toHaveLength(10);
  });
});
