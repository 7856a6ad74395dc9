import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { create } from '@bufbuild/protobuf';
import { Client, credentials } from '@grpc/grpc-js';
import {
  HealthCheckRequestSchema,
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus as Serving,
} from '@marketplace/proto/grpc/health/v1/health_pb';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unary } from './grpc/grpc-calls.ts';

// A service process of its own (test/fixtures/drain-service.ts under runService), signalled as an
// orchestrator would, over a throwaway database of the local server.
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `platform_drain_${randomBytes(4).toString('hex')}`;
const dbUrl = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(sql).finally(() => client.end());
};
beforeAll(() => admin(`CREATE DATABASE ${name}`));
afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

const root = new URL('../../../', import.meta.url).pathname;
const fixture = new URL('./fixtures/drain-service.ts', import.meta.url).pathname;

interface Running {
  child: ChildProcess;
  httpPort: number;
  grpc: Client;
  exited: Promise<number | null>;
}
let running: Running | undefined;
// Also when a test timed out before the service said it started: a process left behind keeps the
// runner's stderr open, and turbo waits for it.
let spawned: ChildProcess | undefined;
afterEach(() => {
  running?.grpc.close();
  spawned?.kill('SIGKILL');
  running = spawned = undefined;
});

async function startService(env: Record<string, string>): Promise<Running> {
  // node itself (not the tsx CLI, which would put a process between the signal and the service).
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  spawned = child;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ports = await new Promise<{ grpcPort: number; httpPort: number }>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      for (const line of text.split('\n')) {
        if (line.includes('"drain-test started"')) resolve(JSON.parse(line));
      }
    });
    exited.then((code) => reject(new Error(`drain-test exited with ${code} before it started`)));
  });
  const grpc = new Client(`127.0.0.1:${ports.grpcPort}`, credentials.createInsecure());
  running = { child, httpPort: ports.httpPort, grpc, exited };
  return running;
}

/** GET on a fresh connection; the status, or the error code (ECONNREFUSED once the port is closed). */
function get(port: number, path: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

const health = async (service: Running) =>
  (
    await unary(
      service.grpc,
      '/grpc.health.v1.Health/Check',
      [HealthCheckRequestSchema, HealthCheckResponseSchema],
      create(HealthCheckRequestSchema, { service: '' }),
    )
  ).status;

async function waitFor<T>(what: string, read: () => Promise<T>, expected: T, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (last === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${what}: expected ${String(expected)}, last ${String(last)}`);
}

describe('a service shutting down', () => {
  it('turns not ready on /readyz and gRPC health at once, serves through the drain, then drains in-flight calls and exits 0', async () => {
    const service = await startService({ SHUTDOWN_DRAIN: '1500ms', READINESS_CHECK_INTERVAL: '10s' });
    expect(await get(service.httpPort, '/readyz')).toBe(200);
    expect(await health(service)).toBe(Serving.SERVING);

    const signalled = Date.now();
    service.child.kill('SIGTERM');
    await waitFor('/readyz', () => get(service.httpPort, '/readyz'), 503, 1_000);
    expect(await health(service)).toBe(Serving.NOT_SERVING);
    // Still taking new connections and calls during the drain period: the load balancer has not
    // taken the instance out yet.
    expect(Date.now() - signalled).toBeLessThan(1_000);
    expect(await get(service.httpPort, '/slow?ms=0')).toBe(200);
    const inFlight = get(service.httpPort, '/slow?ms=1500');

    // After the drain the listener stops accepting; the call in flight still gets its answer.
    await waitFor('a new connection', () => get(service.httpPort, '/slow?ms=0'), 'ECONNREFUSED', 3_000);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(1_500);
    expect(await inFlight).toBe(200);
    expect(await service.exited).toBe(0);
  });

  it('stops at once with SHUTDOWN_DRAIN=0', async () => {
    const service = await startService({ SHUTDOWN_DRAIN: '0' });
    const signalled = Date.now();
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(1_500);
  });
});

describe('gRPC health of a running service', () => {
  it('follows readiness: NOT_SERVING while its database refuses connections, SERVING again after', async () => {
    const service = await startService({ READINESS_CHECK_INTERVAL: '100ms' });
    expect(await health(service)).toBe(Serving.SERVING);
    await admin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
    try {
      await admin(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND application_name = 'drain-test'`,
      );
      await waitFor('health while the database is down', () => health(service), Serving.NOT_SERVING);
      expect(await get(service.httpPort, '/readyz')).toBe(503);
    } finally {
      await admin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
    }
    await waitFor('health once the database is back', () => health(service), Serving.SERVING);
    expect(await get(service.httpPort, '/readyz')).toBe(200);
  });
});
