import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { createDatabase, createKafka, ensureTopics, type IncomingEvent } from '@marketplace/platform';
import {
  eventually,
  type LomsProcess,
  readTopicEvents,
  resolveKafka,
  startLomsProcess,
} from '@marketplace/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LomsDatabase } from '../../src/infra/schema.ts';

const quiet = pino({ level: 'silent' });

/** LOMS from testkit's recipe with its relay on, publishing to `topic` on `brokers`. */
const relayingLoms = (brokers: string, topic: string) =>
  startLomsProcess({
    env: {
      OUTBOX_RELAY_ENABLED: 'true',
      KAFKA_BROKERS: brokers,
      ORDER_EVENTS_TOPIC: topic,
      OUTBOX_POLL_INTERVAL: '50ms',
      OUTBOX_MAX_BACKOFF: '500ms',
      RATE_LIMIT_PER_IP: '100000',
    },
    logLevel: 'fatal',
  });

describe('LOMS process and its relay', () => {
  const topic = `loms.order-events.process-test-${randomBytes(3).toString('hex')}`;
  let kafka: ReturnType<typeof createKafka>;
  let loms: LomsProcess;
  let reader: Awaited<ReturnType<typeof readTopicEvents>>;
  let received: IncomingEvent[] = [];

  beforeAll(async () => {
    const brokers = await resolveKafka();
    kafka = createKafka({ brokers, clientId: 'loms-process-test', log: quiet });
    await ensureTopics(kafka, [{ topic, numPartitions: 2 }]);
    loms = await relayingLoms(brokers.join(','), topic);
    await loms.post('/stock/set', { sku: '7', totalCount: 1_000_000 });
    reader = await readTopicEvents(kafka, topic);
    received = reader.received;
  }, 90_000);
  afterAll(async () => {
    await reader?.stop();
    await loms?.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  });

  it('loses and reorders nothing when killed while relaying', async () => {
    let creating = true;
    const creator = (async () => {
      while (creating) {
        await Promise.all(
          Array.from({ length: 10 }, () =>
            loms.post('/order/create', { userId: '1', items: [{ sku: '7', count: 1 }] }).catch(() => {}),
          ),
        );
      }
    })();
    await eventually('events on the topic', () => received.length > 50);
    const killed = loms.kill();
    creating = false;
    await Promise.all([killed, creator]);
    await loms.restart();

    const db = createDatabase<LomsDatabase>({ url: loms.databaseUrls[0]!, maxConnections: 1 });
    const committed = await db.db.selectFrom('outbox').select(['event_id', 'key']).orderBy('id').execute();
    await db.close();
    const firstSeen = () => {
      const seen = new Map<string, IncomingEvent>();
      for (const e of received) if (!seen.has(e.headers['event-id']!)) seen.set(e.headers['event-id']!, e);
      return seen;
    };
    await eventually(
      'every committed event on the topic',
      () => firstSeen().size >= committed.length,
      60_000,
    );
    const seen = firstSeen();
    expect(committed.every((e) => seen.has(e.event_id))).toBe(true);
    const byOrder = new Map<string, string[]>();
    for (const e of seen.values()) {
      const statuses = byOrder.get(e.key!) ?? [];
      byOrder.set(e.key!, [...statuses, JSON.parse(e.value!.toString()).status]);
    }
    for (const [orderId, statuses] of byOrder) expect(statuses, orderId).toEqual(['new', 'awaiting payment']);
  }, 120_000);
});

describe('LOMS process while the broker stalls', () => {
  let silent: net.Server;
  let loms: LomsProcess;

  beforeAll(async () => {
    silent = net.createServer((socket) => socket.on('error', () => {}));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    loms = await relayingLoms(`127.0.0.1:${port}`, 'loms.order-events.silent-test');
  }, 90_000);
  afterAll(() => {
    silent.close();
  });

  it('exits cleanly on SIGTERM within the shutdown timeout while a publish is stuck', async () => {
    await loms.post('/stock/set', { sku: '7', totalCount: 10 });
    await loms.post('/order/create', { userId: '1', items: [{ sku: '7', count: 1 }] });
    await new Promise((r) => setTimeout(r, 1_000));
    // The lifecycle ends a stop that outlasts its 15 s timeout with exit code 1.
    expect(await loms.stop(30_000)).toBe(0);
  }, 60_000);
});
