import {
  createKafka,
  createKafkaPublisher,
  createServiceMetrics,
  ensureTopics,
  type Logger,
  openServiceDatabase,
  pingDatabase,
  registerPoolMetrics,
  runKafkaConsumer,
  startOpsServer,
} from '@marketplace/platform';
import { Counter } from 'prom-client';
import type { NotifierDeps } from './app/ports.ts';
import { processOrderEvent } from './app/process-order-event.ts';
import type { NotifierConfig } from './config.ts';
import { createDeadLetters } from './infra/dead-letters.ts';
import { NOTIFIER_MIGRATIONS } from './infra/migrations.ts';
import { createProcessedEventRepository } from './infra/processed-event-repository.ts';
import type { NotifierDatabase } from './infra/schema.ts';

export interface RunningNotifier {
  httpPort: number;
  /** Leaves the consumer group after the event in hand, then closes everything. */
  stop(): Promise<void>;
}

/** Starts a notifier replica: a member of the consumer group plus its metrics/health endpoints. */
export async function startNotifier(config: NotifierConfig, log: Logger): Promise<RunningNotifier> {
  const database = await openServiceDatabase<NotifierDatabase>(
    'notifier',
    config.database,
    NOTIFIER_MIGRATIONS,
    log,
  );
  const metrics = createServiceMetrics('notifier');
  registerPoolMetrics(metrics.registry, database.pool, 'notifier');
  const outcomes = new Counter({
    name: 'notifier_events_total',
    help: 'Order events handled, by outcome (notified, duplicate, parked).',
    labelNames: ['outcome'],
    registers: [metrics.registry],
  });

  const { brokers, topic, topicPartitions, deadLetterTopic, groupId } = config.kafka;
  const kafka = createKafka({ brokers: [...brokers], clientId: 'notifier', log });
  await ensureTopics(kafka, [
    { topic, numPartitions: topicPartitions },
    { topic: deadLetterTopic, numPartitions: 1 },
  ]);
  const publisher = createKafkaPublisher(kafka, metrics.registry);
  const deps: NotifierDeps = {
    processed: createProcessedEventRepository(database.db),
    deadLetters: createDeadLetters(publisher, deadLetterTopic),
    notifications: log.child({ subsystem: 'notifier:events' }),
  };
  const consumer = await runKafkaConsumer(kafka, {
    groupId,
    topic,
    registry: metrics.registry,
    log: log.child({ subsystem: 'notifier:consumer' }),
    async handle(message) {
      outcomes.inc({ outcome: await processOrderEvent(deps, message) });
    },
  });
  const ops = await startOpsServer({
    host: config.host,
    port: config.httpPort,
    metrics,
    ready: () => pingDatabase(database.pool),
    log,
  });
  return {
    httpPort: ops.port,
    async stop() {
      await consumer.stop();
      await ops.stop();
      await publisher.close();
      await database.close();
    },
  };
}
