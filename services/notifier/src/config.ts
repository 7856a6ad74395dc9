import { readServiceConfig } from '@marketplace/platform';
import { ORDER_EVENTS_TOPIC } from '@marketplace/platform/order-event';

/** Notifier settings, read once from the environment at start. */
export function readNotifierConfig(env = process.env) {
  return readServiceConfig(env, {
    ports: { httpPort: 8088 },
    database: { database: 'notifier', poolSize: 5 },
    // Header, request and keep-alive timeouts and header size of the ops port, as on every port.
    edge: 'limits',
    settings: (read) => ({
      kafka: {
        brokers: read.string('KAFKA_BROKERS', '127.0.0.1:9092').split(','),
        topic: read.string('ORDER_EVENTS_TOPIC', ORDER_EVENTS_TOPIC),
        topicPartitions: read.int('ORDER_EVENTS_PARTITIONS', 2, { min: 1, max: 1000 }),
        deadLetterTopic: read.string('DLQ_TOPIC', 'loms.order-events.dlq'),
        groupId: read.string('CONSUMER_GROUP', 'notifier-group'),
      },
      /** Deleting processed-event records once no redelivery of their event can come (README). */
      retention: {
        /** Age past which a record is deleted; longer than a message can stay on the topic. */
        retentionMs: read.durationMs('PROCESSED_EVENTS_RETENTION', '360h'),
        /** Rows per DELETE statement. */
        batchSize: read.int('RETENTION_BATCH_SIZE', 1000, { min: 1, max: 100_000 }),
        /** Pause between runs; a run deletes batch after batch until nothing old is left. */
        intervalMs: read.durationMs('RETENTION_INTERVAL', '10m'),
      },
    }),
  });
}

export type NotifierConfig = ReturnType<typeof readNotifierConfig>;
