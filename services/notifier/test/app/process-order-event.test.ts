import type { IncomingEvent } from '@marketplace/platform';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifierDeps } from '../../src/app/ports.ts';
import { processOrderEvent } from '../../src/app/process-order-event.ts';
import { createProcessedEventRepository } from '../../src/infra/processed-event-repository.ts';
import { createNotifierTestDb } from '../support/notifier-test-db.ts';

let t: Awaited<ReturnType<typeof createNotifierTestDb>>;
const parked: Array<{ offset: string; reason: string }> = [];
const lines: unknown[] = [];
let deps: NotifierDeps;

beforeAll(async () => {
  t = await createNotifierTestDb();
  const notifications = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  deps = {
    processed: createProcessedEventRepository(t.db),
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

describe('processOrderEvent', () => {
  const body = '{"order_id":5,"status":"paid","moment":"2026-11-21T10:00:00.123Z"}';

  it('notifies once with one JSON line naming the order, status, moment, partition and offset', async () => {
    expect(await processOrderEvent(deps, message('10', 'e-10', body))).toBe('notified');
    expect(lines.at(-1)).toMatchObject({
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

  it('parks an unparseable message with its reason and records nothing', async () => {
    expect(await processOrderEvent(deps, message('12', 'e-12', '{oops'))).toBe('parked');
    expect(parked).toEqual([{ offset: '12', reason: 'value is not JSON' }]);
    expect(await t.processed()).toHaveLength(1);
  });
});
