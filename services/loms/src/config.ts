import { createEnvReader, deepFreeze, readHttpEdgeOptions } from '@marketplace/platform';
import { ORDER_EVENTS_TOPIC } from './domain/order-event.ts';

/** LOMS settings, read once from the environment at start. */
export function readLomsConfig(env = process.env) {
  const read = createEnvReader(env);
  const config = {
    host: read.string('HOST', '0.0.0.0'),
    grpcPort: read.int('GRPC_PORT', 8083, { max: 65535 }),
    httpPort: read.int('HTTP_PORT', 8084, { max: 65535 }),
    database: {
      url: read.string('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/loms'),
      maxConnections: read.int('DB_POOL_SIZE', 20, { min: 1, max: 1000 }),
      migrateOnStart: read.bool('MIGRATE_ON_START', true),
    },
    orders: {
      paymentTimeoutMs: read.durationMs('PAYMENT_TIMEOUT', '15m'),
      expirySweepIntervalMs: read.durationMs('EXPIRY_SWEEP_INTERVAL', '30s'),
      idempotencyKeyTtlMs: read.durationMs('IDEMPOTENCY_KEY_TTL', '24h'),
    },
    events: {
      topic: read.string('ORDER_EVENTS_TOPIC', ORDER_EVENTS_TOPIC),
      relayEnabled: read.bool('OUTBOX_RELAY_ENABLED', true),
      kafkaBrokers: read.string('KAFKA_BROKERS', '127.0.0.1:9092').split(','),
      batchSize: read.int('OUTBOX_BATCH_SIZE', 100, { min: 1, max: 10_000 }),
      pollIntervalMs: read.durationMs('OUTBOX_POLL_INTERVAL', '100ms'),
      maxBackoffMs: read.durationMs('OUTBOX_MAX_BACKOFF', '5s'),
      retentionMs: read.durationMs('OUTBOX_RETENTION', '24h'),
    },
  };
  read.done();
  return deepFreeze({ ...config, edges: readHttpEdgeOptions(env) });
}

export type LomsConfig = ReturnType<typeof readLomsConfig>;
