import { randomBytes } from 'node:crypto';
import { createKafka, ensureTopics } from '@marketplace/platform';
import { createTestDatabase, freePort, startServiceProcess } from '@marketplace/testkit';
import type { Kafka } from 'kafkajs';
import { type Logger, pino } from 'pino';
import { readNotifierConfig } from '../../src/config.ts';
import { startNotifier } from '../../src/notifier-server.ts';
import { createNotifierTestDb } from './notifier-test-db.ts';

const repo = new URL('../../../../', import.meta.url).pathname;
const quiet = pino({ level: 'silent' });

/** Unique topic and group names for one suite, so suites never read each other's events. */
export function eventNames() {
  const suffix = randomBytes(3).toString('hex');
  return {
    topic: `loms.order-events.${suffix}`,
    dlq: `loms.order-events.${suffix}.dlq`,
    group: `notifier-${suffix}`,
  };
}

export async function createTopics(brokers: string[], names: ReturnType<typeof eventNames>) {
  const kafka = createKafka({ brokers, clientId: 'test-admin', log: quiet });
  await ensureTopics(kafka, [
    { topic: names.topic, numPartitions: 2 },
    { topic: names.dlq, numPartitions: 1 },
  ]);
  return kafka;
}

/** LOMS as its own process with the outbox relay on, over a fresh database. */
export async function startLomsProcess(brokers: string[], topic: string) {
  const db = await createTestDatabase('loms', `${repo}migrations/loms`);
  const [grpcPort, httpPort] = [await freePort(), await freePort()];
  const env = {
    DATABASE_URL: db.url,
    GRPC_PORT: String(grpcPort),
    HTTP_PORT: String(httpPort),
    HOST: '127.0.0.1',
    MIGRATE_ON_START: 'false',
    KAFKA_BROKERS: brokers.join(','),
    ORDER_EVENTS_TOPIC: topic,
    OUTBOX_POLL_INTERVAL: '50ms',
    OUTBOX_MAX_BACKOFF: '1s',
    LOG_LEVEL: 'error',
    // Tests stop and restart LOMS: no drain period before it stops.
    SHUTDOWN_DRAIN: '0',
    // These tests send bursts far above one browser's; the per-client limit is not their subject.
    RATE_LIMIT_PER_IP: '100000',
  };
  const start = () =>
    startServiceProcess({
      cwd: `${repo}services/loms`,
      entry: 'src/main.ts',
      env,
      readyUrl: `http://127.0.0.1:${httpPort}/readyz`,
    });
  let process = await start();
  const base = `http://127.0.0.1:${httpPort}`;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  };
  return {
    db,
    post,
    /** Creates an order that must succeed and returns its id. */
    async createOrder(sku: number, count: number): Promise<string> {
      const res = await post('/order/create', { userId: '1', items: [{ sku: String(sku), count }] });
      if (!res.body.orderId) throw new Error(`order not created: ${JSON.stringify(res.body)}`);
      return res.body.orderId;
    },
    kill: () => process.child.kill('SIGKILL'),
    async restart() {
      await process.stop();
      process = await start();
    },
    async stop() {
      await process.stop();
      await db.drop();
    },
  };
}

/**
 * A notifier replica in this process over its own database (or `dbUrl`), logging to `log`; `env`
 * adds or overrides settings.
 */
export async function startTestNotifier(
  brokers: string[],
  names: ReturnType<typeof eventNames>,
  dbUrl?: string,
  log: Logger = quiet,
  env: Record<string, string> = {},
) {
  const ownDb = dbUrl ? undefined : await createNotifierTestDb();
  const config = readNotifierConfig({
    HOST: '127.0.0.1',
    HTTP_PORT: '0',
    DATABASE_URL: dbUrl ?? ownDb!.url,
    MIGRATE_ON_START: 'false',
    KAFKA_BROKERS: brokers.join(','),
    ORDER_EVENTS_TOPIC: names.topic,
    DLQ_TOPIC: names.dlq,
    CONSUMER_GROUP: names.group,
    ...env,
  });
  const notifier = await startNotifier(config, log);
  return { ...notifier, db: ownDb };
}

export interface ReadMessage {
  key: string | null;
  value: string;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/** Collects every message of `topic` from the beginning, with its own consumer group. */
export async function readTopic(kafka: Kafka, topic: string) {
  const messages: ReadMessage[] = [];
  const consumer = kafka.consumer({ groupId: `reader-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {}))
        if (v !== undefined) headers[k] = v.toString();
      messages.push({
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? '',
        headers,
        partition,
        offset: message.offset,
      });
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}

/** Polls `check` until it returns true, failing after `timeoutMs` with `what`. */
export async function eventually(
  what: string | (() => string),
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
