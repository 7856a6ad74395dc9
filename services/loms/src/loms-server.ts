import { randomUUID } from 'node:crypto';
import {
  createClientInterceptors,
  createKafka,
  createKafkaPublisher,
  createTokenVerifier,
  type Logger,
  openServiceBasics,
  type RunningGrpcFirstService,
  runningService,
  settlesWithin,
  startGrpcFirstServer,
} from '@marketplace/platform';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import type { Registry } from 'prom-client';
import { createLomsGuard } from './api/loms-access.ts';
import { createLomsHandlers } from './api/loms-handlers.ts';
import { OutboxRelay } from './app/outbox-relay.ts';
import type { LomsDeps } from './app/ports.ts';
import type { LomsConfig } from './config.ts';
import { LOMS_MIGRATIONS } from './infra/migrations.ts';
import { createOrderMetrics } from './infra/order-metrics.ts';
import { listenForOutboxInserts, openOutboxRelaySession } from './infra/outbox-relay-session.ts';
import type { LomsDatabase } from './infra/schema.ts';
import { createPostgresStore } from './infra/store.ts';
import { createUsersDirectory } from './infra/users-directory.ts';
import { startLomsJobs } from './loms-jobs.ts';

/** How long closing the Kafka producer may take at shutdown (it waits for requests in flight). */
const PRODUCER_CLOSE_TIMEOUT_MS = 2_000;

/**
 * A running LOMS; `stop` ends, in reverse start order: listeners (draining calls), the relay (at most
 * OUTBOX_STOP_TIMEOUT, then 2 s for the producer), background jobs (after their batch), the users
 * client, pool.
 */
export type RunningLoms = RunningGrpcFirstService<LomsDeps>;

/**
 * Starts LOMS: database, the users client (USERS_CHECK=on), use cases, gRPC/Connect/REST listeners,
 * order expiry and the outbox relay.
 */
export async function startLoms(config: LomsConfig, log: Logger): Promise<RunningLoms> {
  const basics = await openServiceBasics<LomsDatabase>('loms', config, LOMS_MIGRATIONS, log);
  const { metrics, database } = basics;
  const store = createPostgresStore(database.db, { orderEventsTopic: config.events.topic });
  const users = config.users.enabled
    ? createUsersDirectory(
        config.users,
        createClientInterceptors(metrics.registry),
        log.child({ subsystem: 'loms:users-client' }),
        metrics.registry,
      )
    : undefined;
  const deps: LomsDeps = {
    store,
    clock: { now: () => new Date() },
    newEventId: randomUUID,
    metrics: createOrderMetrics(metrics.registry),
    users,
  };

  const { settings: auth, serviceKeys } = config.auth;
  const guards =
    auth.mode === 'jwt'
      ? [
          createLomsGuard(
            createTokenVerifier(auth, { log: log.child({ subsystem: 'loms:auth' }) }),
            serviceKeys,
          ),
        ]
      : [];
  const server = await startGrpcFirstServer(basics, {
    service: LomsService,
    implementation: createLomsHandlers(deps),
    info: { title: 'LOMS', version: '1.0.0', description: 'Orders, stock and reservations.' },
    listen: config,
    guards,
  });

  const jobs = startLomsJobs(config, deps, log, metrics.registry);
  const relay = config.events.relayEnabled ? startRelay(config, deps, log, metrics.registry) : undefined;

  return runningService(server, deps, [
    relay && (() => relay.stop()),
    () => jobs.stop(),
    users && (() => users.close()),
    () => database.close(),
  ]);
}

/** The outbox relay with its own Kafka producer and connection; stopping it closes both. */
function startRelay(config: LomsConfig, deps: LomsDeps, log: Logger, registry: Registry) {
  const relayLog = log.child({ subsystem: 'loms:outbox' });
  const kafka = createKafka({ brokers: [...config.events.kafkaBrokers], clientId: 'loms', log });
  const publisher = createKafkaPublisher(kafka, registry);
  const { batchSize, pollIntervalMs, maxBackoffMs, stopTimeoutMs } = config.events;
  const relay = new OutboxRelay(
    deps,
    () => openOutboxRelaySession(config.database.url, relayLog),
    publisher,
    { batchSize, pollIntervalMs, maxBackoffMs, stopTimeoutMs },
    relayLog,
    registry,
    listenForOutboxInserts(config.database.url, relayLog),
  );
  relay.start();
  return {
    async stop() {
      await relay.stop();
      if (!(await settlesWithin(publisher.close(), PRODUCER_CLOSE_TIMEOUT_MS)))
        relayLog.warn('Kafka producer did not close in time');
    },
  };
}
