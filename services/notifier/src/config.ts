import { createEnvReader, deepFreeze } from '@marketplace/platform';

/** Notifier settings, read once from the environment at start. */
export function readNotifierConfig(env = process.env) {
  const read = createEnvReader(env);
  const config = {
    host: read.string('HOST', '0.0.0.0'),
    httpPort: read.int('HTTP_PORT', 8088, { max: 65535 }),
    database: {
      url: read.string('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/notifier'),
      maxConnections: read.int('DB_POOL_SIZE', 5, { min: 1, max: 1000 }),
      migrateOnStart: read.bool('MIGRATE_ON_START', true),
    },
    kafka: {
      brokers: read.string('KAFKA_BROKERS', '127.0.0.1:9092').split(','),
      topic: read.string('ORDER_EVENTS_TOPIC', 'loms.order-events'),
      topicPartitions: read.int('ORDER_EVENTS_PARTITIONS', 2, { min: 1, max: 1000 }),
      deadLetterTopic: read.string('DLQ_TOPIC', 'loms.order-events.dlq'),
      groupId: read.string('CONSUMER_GROUP', 'notifier-group'),
    },
  };
  read.done();
  return deepFreeze(config);
}

export type NotifierConfig = ReturnType<typeof readNotifierConfig>;
