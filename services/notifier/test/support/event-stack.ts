import { randomBytes } from 'node:crypto';
import { createKafka, ensureTopics } from '@marketplace/platform';
import { startLomsProcess } from '@marketplace/testkit';
import type { Kafka } from 'kafkajs';
import { type Logger, pino } from 'pino';
import { readNotifierConfig } from '../../src/config.ts';
import { startNotifier } from '../../src/notifier-server.ts';
import { createNotifierTestDb } from './notifier-test-db.ts';

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

/** LOMS from testkit's recipe with its outbox relay on, publishing to `topic` and polling fast. */
export function startRelayingLoms(brokers: string[], topic: string) {
  return startLomsProcess({
    env: {
      OUTBOX_RELAY_ENABLED: 'true',
      KAFKA_BROKERS: brokers.join(','),
      ORDER_EVENTS_TOPIC: topic,
      OUTBOX_POLL_INTERVAL: '50ms',
      OUTBOX_MAX_BACKOFF: '1s',
      LOG_LEVEL: 'error',
      // These tests send bursts far above one browser's; the per-client limit is not their subject.
      RATE_LIMIT_PER_IP: '100000',
    },
  });
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
