import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { resolveKafka } from '../kafka.ts';
import {
  MARKETPLACE_RECIPES,
  type MarketplaceServiceName,
  planStartWaves,
  STACK_PRODUCTS_API_KEY,
} from '../marketplace-services.ts';
import { freePort } from '../service-process.ts';
import { runServiceSeed } from '../service-seed.ts';
import { withNodeRuntimeEnv } from '../stack/node-runtime-env.ts';
import { createTestDatabase, type TestDatabase } from '../test-database.ts';

const REPO = new URL('../../../../', import.meta.url).pathname;

export type FuzzServiceName = MarketplaceServiceName | 'storefront' | 'notifier';

/** A service process of the fuzz stack: its ports, pid, log file and, once it exited, how. */
export interface FuzzService {
  name: FuzzServiceName;
  httpPort: number;
  grpcPort: number | undefined;
  pid: number;
  child: ChildProcess;
  /** stdout and stderr of the process (JSON log lines). */
  logFile: string;
  exited?: { code: number | null; signal: string | null; atMs: number };
}

export interface FuzzStackOptions {
  /** Environment given to every service (limits, timeouts, rate limits). */
  env: Record<string, string>;
  /** Extra environment per service, over `env`. */
  serviceEnv?: Partial<Record<FuzzServiceName, Record<string, string>>>;
  /** Also start the storefront and a notifier replica (the notifier needs Kafka). */
  storefront: boolean;
  notifier: boolean;
  logDir: string;
  logLevel?: string;
  startTimeoutMs?: number;
}

export interface FuzzStack {
  services: FuzzService[];
  productsApiKey: string;
  /** SIGTERM (SIGKILL after a grace period) every process, then drop the databases. */
  stop(): Promise<void>;
}

/**
 * Starts loms, products, cart, comments and users from the launcher's recipes (throwaway databases migrated
 * from migrations/, seeded by the services' own seeders, free ports), plus the storefront in front of
 * them and a notifier replica on a topic and consumer group of its own, each as a separate
 * `node --import tsx src/main.ts` process whose output goes to a log file, so that its RSS, exit and
 * errors can be observed.
 */
export async function startFuzzStack(options: FuzzStackOptions): Promise<FuzzStack> {
  mkdirSync(options.logDir, { recursive: true });
  const services: FuzzService[] = [];
  const databases: TestDatabase[] = [];
  const stop = async () => {
    await Promise.all([...services].reverse().map((service) => stopProcess(service.child)));
    await Promise.all(databases.splice(0).map((db) => db.drop().catch(() => undefined)));
  };
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  const envOf = (
    name: FuzzServiceName,
    ports: { http: number; grpc?: number },
    own: Record<string, string>,
  ) => ({
    HOST: '127.0.0.1',
    HTTP_PORT: String(ports.http),
    ...(ports.grpc ? { GRPC_PORT: String(ports.grpc) } : {}),
    LOG_LEVEL: options.logLevel ?? 'warn',
    ...own,
    ...options.env,
    ...options.serviceEnv?.[name],
  });
  const launch = async (
    name: FuzzServiceName,
    own: (ports: { http: number; grpc?: number }) => Record<string, string>,
    grpc: boolean,
    seed: boolean,
  ) => {
    const ports = { http: await freePort(), ...(grpc ? { grpc: await freePort() } : {}) };
    const env = envOf(name, ports, own(ports));
    const cwd = join(REPO, 'services', name);
    if (seed && existsSync(join(cwd, 'src/cli/seed.ts'))) await runServiceSeed(cwd, env, timeoutMs);
    const logFile = join(options.logDir, `${name}.log`);
    const service = await spawnService(name, cwd, env, logFile, ports, timeoutMs);
    services.push(service);
    return service;
  };
  const grpcAddressOf = (dependency: MarketplaceServiceName) => {
    const port = services.find((s) => s.name === dependency)?.grpcPort;
    if (!port) throw new Error(`${dependency} has no gRPC address yet`);
    return `127.0.0.1:${port}`;
  };
  const httpUrlOf = (name: FuzzServiceName) =>
    `http://127.0.0.1:${services.find((s) => s.name === name)!.httpPort}`;
  try {
    for (const wave of planStartWaves(['cart', 'comments', 'users'])) {
      const results = await Promise.allSettled(
        wave.map(async (name) => {
          const recipe = MARKETPLACE_RECIPES[name];
          const own = await Promise.all(
            recipe.databases.map((dir) => createTestDatabase(dir, join(REPO, 'migrations', dir))),
          );
          databases.push(...own);
          return launch(
            name,
            () => recipe.env({ databaseUrls: own.map((db) => db.url), grpcAddressOf }),
            recipe.grpc,
            true,
          );
        }),
      );
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
    const extras: Promise<unknown>[] = [];
    if (options.storefront)
      extras.push(
        launch(
          'storefront',
          () => ({
            CART_URL: httpUrlOf('cart'),
            PRODUCTS_URL: httpUrlOf('products'),
            LOMS_URL: httpUrlOf('loms'),
            COMMENTS_URL: httpUrlOf('comments'),
            PRODUCTS_API_KEY: STACK_PRODUCTS_API_KEY,
          }),
          false,
          false,
        ),
      );
    if (options.notifier)
      extras.push(
        (async () => {
          const brokers = await resolveKafka();
          const db = await createTestDatabase('notifier', join(REPO, 'migrations', 'notifier'));
          databases.push(db);
          const suffix = randomBytes(4).toString('hex');
          return launch(
            'notifier',
            () => ({
              DATABASE_URL: db.url,
              KAFKA_BROKERS: brokers.join(','),
              ORDER_EVENTS_TOPIC: 'fuzz.order-events',
              DLQ_TOPIC: 'fuzz.order-events.dlq',
              CONSUMER_GROUP: `fuzz-notifier-${suffix}`,
            }),
            false,
            false,
          );
        })(),
      );
    const results = await Promise.allSettled(extras);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (err) {
    await stop();
    throw err;
  }
  return { services, productsApiKey: STACK_PRODUCTS_API_KEY, stop };
}

async function spawnService(
  name: FuzzServiceName,
  cwd: string,
  env: Record<string, string>,
  logFile: string,
  ports: { http: number; grpc?: number },
  timeoutMs: number,
): Promise<FuzzService> {
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd,
    env: withNodeRuntimeEnv({ ...process.env, ...env }),
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  // A child must not outlive this process, even when it dies of an uncaught error.
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const service: FuzzService = {
    name,
    httpPort: ports.http,
    grpcPort: ports.grpc,
    pid: child.pid ?? 0,
    child,
    logFile,
  };
  const started = Date.now();
  child.once('exit', (code, signal) => {
    process.off('exit', kill);
    service.exited = { code, signal, atMs: Date.now() - started };
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.exited)
      throw new Error(
        `${name} exited with ${service.exited.code ?? service.exited.signal} before it was ready; see ${logFile}`,
      );
    const ready = await fetch(`http://127.0.0.1:${ports.http}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return service;
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} was not ready on :${ports.http} within ${timeoutMs} ms; see ${logFile}`);
}

function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
