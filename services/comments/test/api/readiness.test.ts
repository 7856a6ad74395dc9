import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { createReadiness, runWithReadiness } from '@marketplace/platform';
import {
  Health,
  HealthCheckResponse_ServingStatus as Serving,
} from '@marketplace/proto/grpc/health/v1/health_pb';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseNameOf } from '../../src/infra/shard-databases.ts';
import { startTestComments, type TestComments } from '../support/test-comments.ts';

const SERVICE = 'marketplace.comments.v1.CommentsService';
const readiness = createReadiness();
let t: TestComments;
let stopChecks: () => void;
beforeAll(async () => {
  // As runService starts it: its /readyz and gRPC health join this readiness, checked on its own.
  t = await runWithReadiness(readiness, () => startTestComments());
  stopChecks = readiness.watch(50);
});
afterAll(async () => {
  stopChecks?.();
  await t?.stop();
});

const health = async () => {
  const client = createClient(Health, createGrpcTransport({ baseUrl: `http://${t.grpcAddress}` }));
  return (await client.check({ service: SERVICE })).status;
};
const readyz = async () => (await t.http('/readyz')).status;

/** Runs `sql` on the server's maintenance database, beside the shard databases. */
async function admin(url: string, sql: string) {
  const client = new pg.Client({
    connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString(),
  });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

describe('comments readiness', () => {
  it('reports NOT_SERVING on gRPC health, like /readyz, while a shard refuses connections', async () => {
    expect(await health()).toBe(Serving.SERVING);
    expect(await readyz()).toBe(200);
    const shard = t.shardUrls[1]!;
    const name = databaseNameOf(shard);
    await admin(shard, `ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
    try {
      await admin(shard, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
      await expect.poll(health).toBe(Serving.NOT_SERVING);
      expect(await readyz()).toBe(503);
    } finally {
      await admin(shard, `ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
    }
    await expect.poll(health).toBe(Serving.SERVING);
    expect(await readyz()).toBe(200);
  });

  it('turns both not ready at the start of a shutdown while calls are still served', async () => {
    readiness.beginShutdown();
    expect(await readyz()).toBe(503);
    expect(await health()).toBe(Serving.NOT_SERVING);
    expect((await t.post('/comment/add', '{"user_id":1,"sku":2,"comment":"still here"}')).status).toBe(200);
  });
});
