import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createHealthState } from '../src/grpc/health-state.ts';
import { readHttpEdgeOptions } from '../src/http-edges.ts';
import {
  createLifecycle,
  createReadiness,
  currentReadiness,
  readinessCheck,
  runWithReadiness,
} from '../src/lifecycle.ts';
import { createLogger } from '../src/logger.ts';
import { createServiceMetrics } from '../src/metrics.ts';
import { createOpsHandler } from '../src/ops-endpoints.ts';
import { ServiceServer } from '../src/server.ts';

const log = createLogger('lifecycle-test', 'silent');

describe('createReadiness', () => {
  it('is ready while every probe passes; a failing, throwing or hanging probe makes it not ready', async () => {
    const readiness = createReadiness({ probeTimeoutMs: 50 });
    let database = true;
    let broker: 'ok' | 'throws' | 'hangs' = 'ok';
    readiness.addProbe(async () => database);
    readiness.addProbe(() =>
      broker === 'ok'
        ? Promise.resolve(true)
        : broker === 'throws'
          ? Promise.reject(new Error('x'))
          : new Promise(() => {}),
    );
    const changes: boolean[] = [];
    readiness.onChange((ready) => changes.push(ready));
    expect(await readiness.check()).toBe(true);
    database = false;
    expect(await readiness.check()).toBe(false);
    expect(readiness.isReady()).toBe(false);
    database = true;
    broker = 'throws';
    expect(await readiness.check()).toBe(false);
    broker = 'hangs';
    expect(await readiness.check()).toBe(false);
    broker = 'ok';
    expect(await readiness.check()).toBe(true);
    expect(changes).toEqual([false, true]);
  });

  it('keeps the answer of the newest check when an older one finishes later', async () => {
    const readiness = createReadiness();
    const answers: Array<(ok: boolean) => void> = [];
    readiness.addProbe(() => new Promise((resolve) => answers.push(resolve)));
    const older = readiness.check();
    const newer = readiness.check();
    answers[1]!(false);
    await newer;
    answers[0]!(true);
    await older;
    expect(readiness.isReady()).toBe(false);
  });

  it('is not ready for good once shutdown begins, whatever the probes say', async () => {
    const readiness = createReadiness();
    readiness.addProbe(async () => true);
    readiness.beginShutdown();
    expect(readiness.isReady()).toBe(false);
    expect(await readiness.check()).toBe(false);
    expect(readiness.isReady()).toBe(false);
  });

  it('checks on its own every interval once watched', async () => {
    const readiness = createReadiness();
    let ok = true;
    readiness.addProbe(async () => ok);
    const stop = readiness.watch(20);
    try {
      ok = false;
      await expect.poll(() => readiness.isReady()).toBe(false);
      ok = true;
      await expect.poll(() => readiness.isReady()).toBe(true);
    } finally {
      stop();
    }
  });
});

describe('the readiness of the service being started', () => {
  it('is joined by the probes of ops endpoints and followed by health states made inside it', async () => {
    const readiness = createReadiness();
    let database = true;
    const { health, readyz } = runWithReadiness(readiness, () => {
      expect(currentReadiness()).toBe(readiness);
      return {
        health: createHealthState(['a.A']),
        readyz: readinessCheck(async () => database),
      };
    });
    expect(currentReadiness()).toBeUndefined();
    const seen: string[] = [];
    health.onChange((service, status) => seen.push(`${service}=${status}`));

    database = false;
    expect(await readyz()).toBe(false);
    expect(health.get('a.A')).toBe('NOT_SERVING');
    database = true;
    expect(await readyz()).toBe(true);
    expect(health.get('a.A')).toBe('SERVING');
    readiness.beginShutdown();
    expect(await readyz()).toBe(false);
    expect([...health.list().values()]).toEqual(['NOT_SERVING', 'NOT_SERVING']);
    health.set('a.A', 'SERVING');
    expect(health.get('a.A')).toBe('NOT_SERVING');
    expect(seen).toEqual([
      '=NOT_SERVING',
      'a.A=NOT_SERVING',
      '=SERVING',
      'a.A=SERVING',
      '=NOT_SERVING',
      'a.A=NOT_SERVING',
    ]);
  });

  it('leaves a probe and a health state made outside it as they were', async () => {
    const probe = async () => true;
    expect(readinessCheck(probe)).toBe(probe);
    const health = createHealthState(['a.A']);
    health.set('a.A', 'NOT_SERVING');
    expect(health.get('')).toBe('SERVING');
  });

  it('answers /readyz with 503 from the start of a shutdown, before anything stops', async () => {
    const readiness = createReadiness();
    const handle = runWithReadiness(readiness, () =>
      createOpsHandler({ metrics: createServiceMetrics('ops-test'), ready: async () => true }, () => false),
    );
    const server = http.createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const status = async () =>
      (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`)).status;
    try {
      expect(await status()).toBe(200);
      readiness.beginShutdown();
      expect(await status()).toBe(503);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('createLifecycle', () => {
  it('turns not ready first, waits the drain period, then stops parts in reverse order', async () => {
    const readiness = createReadiness();
    const events: string[] = [];
    readiness.onChange((ready) => events.push(`ready=${ready}`));
    const lifecycle = createLifecycle(log, { drainMs: 200, readiness });
    lifecycle.add('pool', () => void events.push('pool stopped'));
    lifecycle.add('server', () => void events.push('server stopped'));
    const started = Date.now();
    const done = lifecycle.shutdown();
    expect(events).toEqual(['ready=false']);
    await done;
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    expect(events).toEqual(['ready=false', 'server stopped', 'pool stopped']);
    expect(lifecycle.shutdown()).toBe(done);
  });

  it('stops without waiting when the drain is cut short', async () => {
    const lifecycle = createLifecycle(log, { drainMs: 60_000, readiness: createReadiness() });
    let stopped = false;
    lifecycle.add('server', () => {
      stopped = true;
    });
    const done = lifecycle.shutdown();
    lifecycle.cutDrain();
    await done;
    expect(stopped).toBe(true);
  });
});

describe('ServiceServer.stop', () => {
  it('answers a call in flight on a kept-alive connection, then closes without waiting for the keep-alive timeout', async () => {
    let release: (() => void) | undefined;
    const server = new ServiceServer({
      host: '127.0.0.1',
      grpcPort: 0,
      httpPort: 0,
      edges: readHttpEdgeOptions({}),
      routes: () => {},
      interceptors: [],
      httpHandlers: [
        (_req, res) => {
          release = () => res.writeHead(200).end('done');
          return true;
        },
      ],
      notFound: (_req, res) => res.writeHead(404).end(),
      ready: async () => true,
      metrics: createServiceMetrics('stop-test'),
      log,
    });
    const { httpPort } = await server.start();
    const agent = new http.Agent({ keepAlive: true });
    try {
      const answer = new Promise<number>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: httpPort, path: '/slow', agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          })
          .on('error', reject);
      });
      await expect.poll(() => release).toBeDefined();
      const stopped = server.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      release!();
      expect(await answer).toBe(200);
      const started = Date.now();
      await stopped;
      // KEEP_ALIVE_TIMEOUT is 65s: the idle connection was closed as soon as its answer was out.
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      agent.destroy();
    }
  });
});
