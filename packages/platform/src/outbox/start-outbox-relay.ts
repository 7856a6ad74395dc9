import type pg from 'pg';
import type { Registry } from 'prom-client';
import { createKafkaPublisher } from '../kafka/event-publisher.ts';
import { createKafka } from '../kafka/kafka-client.ts';
import type { Logger } from '../logger.ts';
import { startPeriodicTask } from '../periodic-task.ts';
import { settlesWithin } from '../settles-within.ts';
import { outboxInsertListen } from './outbox-insert-listener.ts';
import { OutboxRelay } from './outbox-relay.ts';
import { type OutboxTable, openOutboxRelaySession } from './outbox-relay-session.ts';
import type { OutboxRelaySettings } from './relay-settings.ts';

const PRODUCER_CLOSE_TIMEOUT_MS = 2_000;
const RETENTION_BATCH = 1_000;

export interface OutboxRelayService {
  databaseUrl: string;
  /** The service's pool, for the backlog gauges and the retention deletes. */
  pool: pg.Pool;
  outbox: OutboxTable;
  /** The relay's settings, how long sent events are kept, and how often older ones are deleted. */
  settings: OutboxRelaySettings & { retentionMs: number; cleanupIntervalMs: number };
  /** The Kafka client id (the service's name). */
  clientId: string;
  log: Logger;
  registry: Registry;
}

export interface RunningOutboxRelay {
  /** Stops the relay (see OutboxRelay.stop) and the retention job, then closes the producer. */
  stop(): Promise<void>;
}

/**
 * Starts a service's outbox relay with its own Kafka producer and database connection, and a job
 * that deletes events sent longer than `settings.retentionMs` ago, a batch at a time.
 */
export function startOutboxRelay(service: OutboxRelayService): RunningOutboxRelay {
  const { databaseUrl, pool, outbox, settings, clientId, log, registry } = service;
  const table = outbox.table ?? 'outbox';
  const kafka = createKafka({ brokers: [...settings.kafkaBrokers], clientId, log });
  const publisher = createKafkaPublisher(kafka, registry);
  const relay = new OutboxRelay({
    openSession: () => openOutboxRelaySession(databaseUrl, outbox, log),
    listen: outboxInsertListen(databaseUrl, outbox, log),
    publisher,
    backlog: async () => {
      const { rows } = await pool.query<{ count: string; age: number | null }>(
        `SELECT count(*) AS count, extract(epoch FROM now() - min(created_at))::float8 AS age
           FROM ${table} WHERE sent_at IS NULL`,
      );
      return { count: Number(rows[0]?.count ?? 0), oldestAgeSeconds: Math.max(0, rows[0]?.age ?? 0) };
    },
    options: settings,
    log,
    registry,
  });
  relay.start();
  const retention = startPeriodicTask(
    `${clientId} outbox retention`,
    settings.cleanupIntervalMs,
    async (signal) => {
      const before = new Date(Date.now() - settings.retentionMs);
      // Sent events before the cutoff, oldest send first (an index on sent_at serves it).
      while (!signal.aborted) {
        const { rowCount } = await pool.query(
          `DELETE FROM ${table} WHERE id = ANY(ARRAY(
             SELECT id FROM ${table} WHERE sent_at < $1 ORDER BY sent_at LIMIT $2))`,
          [before, RETENTION_BATCH],
        );
        if ((rowCount ?? 0) < RETENTION_BATCH) return;
      }
    },
    log,
  );
  return {
    async stop() {
      await relay.stop();
      await retention.stop();
      if (!(await settlesWithin(publisher.close(), PRODUCER_CLOSE_TIMEOUT_MS)))
        log.warn('Kafka producer did not close in time');
    },
  };
}
