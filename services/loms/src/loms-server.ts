import { randomUUID } from 'node:crypto';
import { startGrpcFirstServer } from '@marketplace/gateway';
import {
  createKafka,
  createKafkaPublisher,
  createServerInterceptors,
  createServiceMetrics,
  type Logger,
  openServiceDatabase,
  pingDatabase,
  registerPoolMetrics,
  startPeriodicTask,
} from '@marketplace/platform';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import type { Registry } from 'prom-client';
import { createLomsHandlers } from './api/loms-handlers.ts';
import { expireUnpaidOrders, forgetOldIdempotencyKeys } from './app/expire-unpaid-orders.ts';
import type { LomsDeps } from './app/ports.ts';
import { deleteRelayedEvents } from './app/relay-outbox.ts';
import type { LomsConfig } from './config.ts';
import { LOMS_MIGRATIONS } from './infra/migrations.ts';
import { createOrderMetrics } from './infra/order-metrics.ts';
import { OutboxRelay } from './infra/outbox-relay.ts';
import type { LomsDatabase } from './infra/schema.ts';
import { createPostgresStore } from './infra/store.ts';

export interface RunningLoms {
  grpcPort: number;
  httpPort: number;
  deps: LomsDeps;
  /** Stops in reverse start order: listeners (draining calls), background jobs, pool. */
  stop(): Promise<void>;
}

/** Starts LOMS: database, use cases, gRPC/Connect/REST listeners, order expiry and the outbox relay. */
export async function startLoms(config: LomsConfig, log: Logger): Promise<RunningLoms> {
  const database = await openServiceDatabase<LomsDatabase>('loms', config.database, LOMS_MIGRATIONS, log);
  const store = createPostgresStore(database.db, { orderEventsTopic: config.events.topic });
  const metrics = createServiceMetrics('loms');
  const deps: LomsDeps = {
    store,
    clock: { now: () => new Date() },
    newEventId: randomUUID,
    metrics: createOrderMetrics(metrics.registry),
  };

  registerPoolMetrics(metrics.registry, database.pool, 'loms');
  const interceptors = createServerInterceptors(metrics, log.child({ subsystem: 'loms:rpc' }));
  const server = await startGrpcFirstServer({
    service: LomsService,
    implementation: createLomsHandlers(deps),
    info: { title: 'LOMS', version: '1.0.0', description: 'Orders, stock and reservations.' },
    host: config.host,
    grpcPort: config.grpcPort,
    httpPort: config.httpPort,
    interceptors,
    ready: () => pingDatabase(database.pool),
    edges: config.edges,
    metrics,
    log,
  });

  const { paymentTimeoutMs, expirySweepIntervalMs, idempotencyKeyTtlMs } = config.orders;
  const sweeper = startPeriodicTask(
    'expire-unpaid-orders',
    expirySweepIntervalMs,
    async () => {
      const expired = await expireUnpaidOrders(deps, paymentTimeoutMs);
      if (expired > 0) log.info({ expired }, 'expired unpaid orders');
      await forgetOldIdempotencyKeys(deps, idempotencyKeyTtlMs);
      await deleteRelayedEvents(deps, config.events.retentionMs);
    },
    log.child({ subsystem: 'loms:expiry' }),
  );
  const relay = config.events.relayEnabled ? startRelay(config, deps, log, metrics.registry) : undefined;

  return {
    grpcPort: server.grpcPort,
    httpPort: server.httpPort,
    deps,
    async stop() {
      await server.stop();
      await relay?.stop();
      await sweeper.stop();
      await database.close();
    },
  };
}

/** The outbox relay with its own Kafka producer; stopping it also closes the producer. */
function startRelay(config: LomsConfig, deps: LomsDeps, log: Logger, registry: Registry) {
  const kafka = createKafka({ brokers: [...config.events.kafkaBrokers], clientId: 'loms', log });
  const publisher = createKafkaPublisher(kafka, registry);
  const { batchSize, pollIntervalMs, maxBackoffMs } = config.events;
  const relay = new OutboxRelay(
    deps,
    publisher,
    { batchSize, pollIntervalMs, maxBackoffMs },
    log.child({ subsystem: 'loms:outbox' }),
    registry,
  );
  relay.start();
  return {
    async stop() {
      await relay.stop();
      await publisher.close();
    },
  };
}
