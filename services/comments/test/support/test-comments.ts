import { CommentsService } from '@marketplace/proto/marketplace/comments/v1/comments_pb';
import { createGrpcJsClient, fetchAnswer } from '@marketplace/testkit';
import { pino } from 'pino';
import { startComments } from '../../src/comments-server.ts';
import { readCommentsConfig } from '../../src/config.ts';
import { createShardTestDatabases } from './shard-test-databases.ts';
import { createTestClock } from './test-clock.ts';

/**
 * The comments service in-process on free ports over two throwaway shards (migrated at start, edit
 * window 1s), with a test clock and clients for each transport.
 */
export async function startTestComments(env: Record<string, string> = {}) {
  const databases = await createShardTestDatabases(2, false);
  const config = readCommentsConfig({
    HOST: '127.0.0.1',
    GRPC_PORT: '0',
    HTTP_PORT: '0',
    SHARD_URLS: databases.urls.join(','),
    EDIT_INTERVAL: '1s',
    // Suites call through six transports from one address; tests of the limit set their own.
    RATE_LIMIT_PER_IP: '100000',
    ...env,
  });
  const clock = createTestClock();
  const comments = await startComments(config, pino({ level: 'silent' }), { clock });
  const grpcAddress = `127.0.0.1:${comments.grpcPort}`;
  const grpc = createGrpcJsClient(CommentsService, grpcAddress);
  const httpBase = `http://127.0.0.1:${comments.httpPort}`;
  return {
    comments,
    /** The shard databases' URLs, in shard order. */
    shardUrls: databases.urls,
    clock,
    grpc,
    grpcAddress,
    httpBase,
    /** fetch against the HTTP/1.1 port: status, headers, the body as text and parsed JSON (if any). */
    http: (path: string, init: RequestInit = {}) => fetchAnswer(`${httpBase}${path}`, init),
    /** POSTs a JSON text as is. */
    post(path: string, body: string) {
      return this.http(path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    },
    async stop() {
      grpc.close();
      await comments.stop();
      await databases.drop();
    },
  };
}

export type TestComments = Awaited<ReturnType<typeof startTestComments>>;
