import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { createGrpcJsClient, fetchAnswer } from '@marketplace/testkit';
import { pino } from 'pino';
import { readLomsConfig } from '../../src/config.ts';
import { startLoms } from '../../src/loms-server.ts';
import { createLomsTestDb } from './loms-test-db.ts';

/** LOMS running in-process on free ports over its own test database, with clients for each transport. */
export async function startTestLoms(env: Record<string, string> = {}) {
  const testDb = await createLomsTestDb();
  const config = readLomsConfig({
    HOST: '127.0.0.1',
    GRPC_PORT: '0',
    HTTP_PORT: '0',
    DATABASE_URL: testDb.url,
    MIGRATE_ON_START: 'false',
    OUTBOX_RELAY_ENABLED: 'false',
    // Never the stack's topic; tests that relay set a topic of their own.
    ORDER_EVENTS_TOPIC: 'loms.order-events.test',
    // Suites call through six transports from one address; tests of the limit set their own.
    RATE_LIMIT_PER_IP: '100000',
    ...env,
  });
  const loms = await startLoms(config, pino({ level: 'silent' }));
  const grpc = createGrpcJsClient(LomsService, `127.0.0.1:${loms.grpcPort}`);
  const httpBase = `http://127.0.0.1:${loms.httpPort}`;
  return {
    ...testDb,
    loms,
    grpc,
    httpBase,
    grpcAddress: `127.0.0.1:${loms.grpcPort}`,
    /** fetch against the HTTP/1.1 port, returning status, headers and the parsed JSON body (if any). */
    http: (path: string, init: RequestInit = {}) => fetchAnswer(`${httpBase}${path}`, init),
    async stop() {
      grpc.close();
      await loms.stop();
      await testDb.close();
    },
  };
}

export type TestLoms = Awaited<ReturnType<typeof startTestLoms>>;
