import { randomBytes } from 'node:crypto';
import {
  createKafka,
  createLogger,
  ensureTopics,
  type IncomingEvent,
  runKafkaConsumer,
} from '@marketplace/platform';
import { Registry } from 'prom-client';
import { resolveKafka } from './kafka.ts';

export interface TestTopic {
  /** `<prefix>.test-<random>`: never one of the stack's topics. */
  topic: string;
  brokers: string[];
  kafka: ReturnType<typeof createKafka>;
  /** Deletes the topic; errors are ignored (the broker may be gone). */
  delete(): Promise<void>;
}

/** A topic of a test's own on the resolved broker (see resolveKafka), created now. */
export async function createTestTopic(prefix: string, numPartitions = 2): Promise<TestTopic> {
  const brokers = await resolveKafka();
  const kafka = createKafka({ brokers, clientId: `${prefix}-test`, log: createLogger('testkit', 'silent') });
  const topic = `${prefix}.test-${randomBytes(3).toString('hex')}`;
  await ensureTopics(kafka, [{ topic, numPartitions }]);
  return {
    topic,
    brokers,
    kafka,
    async delete() {
      const admin = kafka.admin();
      await admin.connect().catch(() => {});
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect().catch(() => {});
    },
  };
}

/** Products' settings to relay its change events to `events` (a test's own topic), polling often. */
export function productsRelayingTo(events: TestTopic): Record<string, string> {
  return {
    OUTBOX_RELAY_ENABLED: 'true',
    OUTBOX_POLL_INTERVAL: '20ms',
    KAFKA_BROKERS: events.brokers.join(','),
    PRODUCT_EVENTS_TOPIC: events.topic,
  };
}

/**
 * Every event published to `topic` from now on, in `received` as it arrives (a consumer group of
 * its own), until `stop`.
 */
export async function readTopicEvents(
  kafka: TestTopic['kafka'],
  topic: string,
): Promise<{ received: IncomingEvent[]; stop(): Promise<void> }> {
  const received: IncomingEvent[] = [];
  const reader = await runKafkaConsumer(kafka, {
    groupId: `${topic}-reader`,
    topic,
    registry: new Registry(),
    log: createLogger('testkit', 'silent'),
    handle: async (event) => {
      received.push(event);
    },
  });
  return { received, stop: () => reader.stop() };
}
