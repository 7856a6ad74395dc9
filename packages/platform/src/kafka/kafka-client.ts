import { Kafka, type LogEntry, logLevel } from 'kafkajs';
import type { Logger } from 'pino';

export interface KafkaOptions {
  /** host:port list, e.g. from KAFKA_BROKERS="127.0.0.1:9092". */
  brokers: string[];
  clientId: string;
  log: Logger;
}

/** A kafkajs client whose own logs go to pino (warnings and errors only). */
export function createKafka({ brokers, clientId, log }: KafkaOptions): Kafka {
  const kafkaLog = log.child({ subsystem: `${clientId}:kafka` });
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...fields } = entry;
        // Expected with our bounded retries (see createKafkaPublisher): not worth a warning.
        if (message.startsWith('Limiting retries for the idempotent producer')) return;
        if (level <= logLevel.ERROR) kafkaLog.error(fields, message);
        else kafkaLog.warn(fields, message);
      },
  });
}

/** Creates the topics that do not exist yet. */
export async function ensureTopics(
  kafka: Kafka,
  topics: Array<{ topic: string; numPartitions: number }>,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length) await admin.createTopics({ topics: missing, waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}
