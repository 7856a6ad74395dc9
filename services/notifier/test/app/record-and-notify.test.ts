import { type IncomingEvent, parseJson } from '@marketplace/platform';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifierDeps, NotifierStore } from '../../src/app/ports.ts';
import { processOrderEvent } from '../../src/app/process-order-event.ts';
import { createPostgresStore } from '../../src/infra/store.ts';
import { createNotifierTestDb } from '../support/notifier-test-db.ts';

let t: Awaited<ReturnType<typeof createNotifierTestDb>>;
let store: NotifierStore;

beforeAll(async () => {
  t = await createNotifierTestDb();
  store = createPostgresStore(t.db);
});
afterAll(() => t.close());

const message = (eventId: string, offset = '3'): IncomingEvent => ({
  topic: 'loms.order-events',
  partition: 0,
  offset,
  key: '9',
  value: Buffer.from('{"order_id":9,"status":"new","moment":"2026-11-21T10:00:00.123Z"}'),
  headers: { 'event-id': eventId },
});

/** Deps whose notification sink runs `beforeWrite` before each notification line is kept. */
function depsWith(beforeWrite: () => void) {
  const lines: Array<Record<string, unknown>> = [];
  const notifications = pino(
    { level: 'info' },
    {
      write(line: string) {
        const entry = parseJson(line) as Record<string, unknown>;
        if (entry.msg === 'order status changed') beforeWrite();
        lines.push(entry);
      },
    },
  );
  const deps: NotifierDeps = { store, deadLetters: { park: async () => {} }, notifications };
  return { deps, notified: () => lines.filter((l) => l.msg === 'order status changed') };
}

const recorded = async (eventId: string) => (await t.processed()).filter((r) => r.event_id === eventId);

describe('recording an event and notifying it', () => {
  it('keeps no record when the notification fails, so the redelivered event is notified once', async () => {
    let failing = true;
    const { deps, notified } = depsWith(() => {
      if (failing) throw new Error('sink down');
    });
    await expect(processOrderEvent(deps, message('crash-1'))).rejects.toThrow('sink down');
    expect(await recorded('crash-1')).toEqual([]);

    failing = false;
    expect(await processOrderEvent(deps, message('crash-1'))).toBe('notified');
    expect(await processOrderEvent(deps, message('crash-1'))).toBe('duplicate');
    expect(notified().map((l) => l.event_id)).toEqual(['crash-1']);
    expect(await recorded('crash-1')).toHaveLength(1);
  });

  it('notifies a redelivery racing the first delivery once: the second waits on the first record', async () => {
    const { deps, notified } = depsWith(() => {});
    const outcomes = await Promise.all([
      processOrderEvent(deps, message('race-1', '5')),
      processOrderEvent(deps, message('race-1', '5')),
      processOrderEvent(deps, message('race-1', '6')),
    ]);
    expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'notified']);
    expect(notified().map((l) => l.event_id)).toEqual(['race-1']);
    expect(await recorded('race-1')).toHaveLength(1);
  });
});
