import {
  createKafka,
  createKafkaPublisher,
  ensureTopics,
  type Logger,
  openServiceBasics,
  runKafkaConsumer,
  startOpsServer,
  startPeriodicTask,
} from '@marketplace/platform';
import { Counter } from 'prom-client';
import type { Clock, NotifierDeps } from './app/ports.ts';
import { processOrderEvents } from './app/process-order-events.ts';
import { pruneProcessedEvents } from './app/prune-processed-events.ts';
import type { NotifierConfig } from './config.ts';
import { createDeadLetters } from './infra/dead-letters.ts';
import { NOTIFIER_MIGRATIONS } from './infra/migrations.ts';
import type { NotifierDatabase } from './infra/schema.ts';
import { createPostgresStore } from './infra/store.ts';

export interface RunningNotifier {
  httpPort: number;
  /** Leaves the consumer group after the events in hand, then closes everything. */
  stop(): Promise<void>;
}

export interface NotifierOptions {
  /**
   * Where notification lines go (default `log`). It should write synchronously, so a line is out
   * before its record commits: main.ts gives a logger on process.stdout, which is synchronous for
   * files and pipes on Linux.
   */
  notifications?: Logger;
  /** Judges the retention; default the system clock. */
  clock?: Clock;
}

/** Starts a notifier replica: a member of the consumer group plus its metrics/health endpoints. */
export async function startNotifier(
  config: NotifierConfig,
  log: Logger,
  { notifications = log, clock = { now: () => new Date() } }: NotifierOptions = {},
): Promise<RunningNotifier> {
  const basics = await openServiceBasics<NotifierDatabase>('notifier', config, NOTIFIER_MIGRATIONS, log);
  const { metrics, database } = basics;
  const outcomes = new Counter({
    name: 'notifier_events_total',
    help: 'Order events handled, by outcome (notified, duplicate, parked).',
    labelNames: ['outcome'],
    registers: [metrics.registry],
  });
  const pruned = new Counter({
    name: 'notifier_processed_events_deleted_total',
    help: 'Processed-event records deleted by the retention job.',
    registers: [metrics.registry],
  });

  const { brokers, topic, topicPartitions, deadLetterTopic, groupId } = config.kafka;
  const kafka = createKafka({ brokers: [...brokers], clientId: 'notifier', log });
  await ensureTopics(kafka, [
    { topic, numPartitions: topicPartitions },
    { topic: deadLetterTopic, numPartitions: 1 },
  ]);
  const publisher = createKafkaPublisher(kafka, metrics.registry);
  const store = createPostgresStore(database.db);
  const deps: NotifierDeps = {
    store,
    deadLetters: createDeadLetters(publisher, deadLetterTopic),
    notifications: notifications.child({ subsystem: 'notifier:events' }),
  };
  const consumer = await runKafkaConsumer(kafka, {
    groupId,
    topic,
    registry: metrics.registry,
    log: log.child({ subsystem: 'notifier:consumer' }),
    // A fetched batch at a time: one transaction, and one commit, for the whole run.
    async handleBatch(messages) {
      for (const outcome of await processOrderEvents(deps, messages)) outcomes.inc({ outcome });
    },
  });
  const stopping = new AbortController();
  const retention = startPeriodicTask(
    'processed-events retention',
    config.retention.intervalMs,
    () =>
      pruneProcessedEvents(
        { store, clock, retention: config.retention, onDeleted: (count) => pruned.inc(count) },
        stopping.signal,
      ),
    log.child({ subsystem: 'notifier:retention' }),
  );
  const ops = await startOpsServer(basics, {
    host: config.host,
    port: config.httpPort,
    limits: config.limits,
  });
  return {
    httpPort: ops.port,
    async stop() {
      stopping.abort();
      await retention.stop();
      await consumer.stop();
      await ops.stop();
      await publisher.close();
      await database.close();
    },
  };
}
