import { randomBytes } from 'node:crypto';
import { createDatabase, type IncomingEvent, parseJson } from '@marketplace/platform';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventRejectedError, type NotifierDeps } from '../../src/app/ports.ts';
import { processOrderEvent } from '../../src/app/process-order-event.ts';
import { createProcessedEventRepository } from '../../src/infra/processed-event-repository.ts';
import type { NotifierDatabase } from '../../src/infra/schema.ts';
import { createPostgresStore } from '../../src/infra/store.ts';
import { createNotifierTestDb } from '../support/notifier-test-db.ts';

let t: Awaited<ReturnType<typeof createNotifierTestDb>>;
const parked: Array<{ offset: string; reason: string }> = [];
const lines: string[] = [];
let deps: NotifierDeps;

beforeAll(async () => {
  t = await createNotifierTestDb();
  const notifications = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  deps = {
    store: createPostgresStore(t.db),
    deadLetters: { park: async (message, reason) => void parked.push({ offset: message.offset, reason }) },
    notifications,
  };
});
afterAll(() => t.close());

const message = (offset: string, eventId: string, body: string): IncomingEvent => ({
  topic: 'loms.order-events',
  partition: 1,
  offset,
  key: '5',
  value: Buffer.from(body),
  headers: { 'event-id': eventId },
});
const lastLine = () => parseJson(lines.at(-1)!) as Record<string, unknown>;

describe('processOrderEvent', () => {
  const body = '{"order_id":5,"status":"paid","moment":"2026-11-21T10:00:00.123Z"}';

  it('notifies once with one JSON line naming the order, status, moment, partition and offset', async () => {
    expect(await processOrderEvent(deps, message('10', 'e-10', body))).toBe('notified');
    expect(lastLine()).toMatchObject({
      event_id: 'e-10',
      order_id: 5,
      status: 'paid',
      moment: '2026-11-21T10:00:00.123Z',
      partition: 1,
      offset: '10',
    });
    expect(await t.processed()).toHaveLength(1);
  });

  it('has no second effect for a redelivered event id, even at another offset', async () => {
    const before = lines.length;
    expect(await processOrderEvent(deps, message('11', 'e-10', body))).toBe('duplicate');
    expect(lines.length).toBe(before);
    expect(await t.processed()).toHaveLength(1);
  });

  it('parks an unparseable message with its reason, logs where it was and records nothing', async () => {
    expect(await processOrderEvent(deps, message('12', 'e-12', '{oops'))).toBe('parked');
    expect(parked).toEqual([{ offset: '12', reason: 'value is not JSON' }]);
    expect(lastLine()).toMatchObject({
      msg: 'unprocessable order event parked',
      topic: 'loms.order-events',
      partition: 1,
      offset: '12',
      reason: 'value is not JSON',
    });
    expect(await t.processed()).toHaveLength(1);
  });

  it('carries order id 9223372036854775807 exactly to the database and the log line', async () => {
    const max = '{"order_id":9223372036854775807,"status":"new","moment":"2026-11-21T10:00:00.123Z"}';
    expect(await processOrderEvent(deps, message('13', 'e-13', max))).toBe('notified');
    expect(lines.at(-1)).toContain('"order_id":9223372036854775807,');
    expect(lastLine().order_id).toBe('9223372036854775807');
    const row = (await t.processed()).find((r) => r.event_id === 'e-13');
    expect(row?.order_id).toBe(9223372036854775807n);
  });

  it('parks an event the database refuses for good (its data), naming the SQLSTATE', async () => {
    await sql`ALTER TABLE processed_events ADD CONSTRAINT no_order_42 CHECK (order_id <> 42)`.execute(t.db);
    try {
      const refused = '{"order_id":42,"status":"new","moment":"2026-11-21T10:00:00.123Z"}';
      expect(await processOrderEvent(deps, message('14', 'e-14', refused))).toBe('parked');
      expect(parked.at(-1)).toEqual({
        offset: '14',
        reason: expect.stringMatching(/^database rejected the event: .*no_order_42.* \(SQLSTATE 23514\)$/),
      });
    } finally {
      await sql`ALTER TABLE processed_events DROP CONSTRAINT no_order_42`.execute(t.db);
    }
  });

  it('throws (for a retry) when the database is unreachable, parking nothing', async () => {
    const down = createDatabase<NotifierDatabase>({
      url: 'postgres://postgres@127.0.0.1:1/notifier',
      maxConnections: 1,
    });
    try {
      const before = parked.length;
      await expect(
        processOrderEvent({ ...deps, store: createPostgresStore(down.db) }, message('15', 'e-15', body)),
      ).rejects.toThrow();
      expect(parked.length).toBe(before);
    } finally {
      await down.close();
    }
  });
});

describe('the processed-event repository', () => {
  it('turns PostgreSQL refusing an oversized event id (index row too large) into EventRejectedError', async () => {
    const repository = createProcessedEventRepository(t.db);
    // Random, so compression cannot bring it under the limit.
    const event = {
      eventId: randomBytes(3_000).toString('base64'),
      orderId: 1n,
      status: 'new' as const,
      moment: new Date(),
    };
    const error = await repository.recordOnce(event, { topic: 't', partition: 0, offset: '0' }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(EventRejectedError);
    expect((error as Error).message).toMatch(/\(SQLSTATE 54000\)$/);
  });
});
