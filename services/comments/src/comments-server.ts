import {
  createServiceMetrics,
  createTokenVerifier,
  type Logger,
  type RunningGrpcFirstServer,
  registerPoolSetMetrics,
  startGrpcFirstServer,
} from '@marketplace/platform';
import { CommentsService } from '@marketplace/proto/marketplace/comments/v1/comments_pb';
import { createCommentsGuard } from './api/comments-access.ts';
import { createCommentsHandlers } from './api/comments-handlers.ts';
import type { Clock, CommentsDeps } from './app/ports.ts';
import type { CommentsConfig } from './config.ts';
import { type InstanceReport, startInstanceReport } from './infra/instance-report.ts';
import { openShardDatabases } from './infra/shard-databases.ts';
import { createShardedStore } from './infra/sharded-store.ts';

export interface RunningComments {
  grpcPort: number;
  httpPort: number;
  /** This process's name in the shard list reports on shard 0. */
  instance: string;
  /** Stops in reverse start order: listeners (draining calls), the shard list report, the shard pools. */
  stop(): Promise<void>;
}

/**
 * Starts the comments service: shard databases, use cases, gRPC/Connect/REST listeners. `clock`
 * (default: the system clock) stamps new comments and judges the edit window.
 */
export async function startComments(
  config: CommentsConfig,
  log: Logger,
  { clock = { now: () => new Date() } }: { clock?: Clock } = {},
): Promise<RunningComments> {
  const databases = await openShardDatabases({
    urls: config.database.shardUrls,
    maxConnections: config.database.maxConnectionsPerShard,
    migrate: config.database.migrateOnStart,
    log: log.child({ subsystem: 'comments:database' }),
  });
  let report: InstanceReport;
  try {
    report = await startInstanceReport(
      databases.shards[0]!.db,
      databases.shards.length,
      log.child({ subsystem: 'comments:shards' }),
    );
  } catch (err) {
    await databases.close();
    throw err;
  }
  const deps: CommentsDeps = {
    store: createShardedStore(databases.shards.map((shard) => shard.db)),
    clock,
    editWindowMs: config.comments.editWindowMs,
  };

  const metrics = createServiceMetrics('comments');
  registerPoolSetMetrics(
    metrics.registry,
    databases.shards.map((shard) => ({ database: shard.name, pool: shard.pool })),
  );
  const { auth } = config;
  const guards =
    auth.mode === 'jwt'
      ? [createCommentsGuard(createTokenVerifier(auth, { log: log.child({ subsystem: 'comments:auth' }) }))]
      : [];
  // Ready while every shard answers.
  const basics = { metrics, ready: databases.ping, log };
  let server: RunningGrpcFirstServer;
  try {
    server = await startGrpcFirstServer(basics, {
      service: CommentsService,
      implementation: createCommentsHandlers(deps),
      info: { title: 'Comments', version: '1.0.0', description: 'Comments on products, sharded by sku.' },
      listen: config,
      guards,
    });
  } catch (err) {
    await report.stop();
    await databases.close();
    throw err;
  }

  return {
    grpcPort: server.grpcPort,
    httpPort: server.httpPort,
    instance: report.instance,
    async stop() {
      await server.stop();
      await report.stop();
      await databases.close();
    },
  };
}
