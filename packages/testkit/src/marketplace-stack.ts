import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  MARKETPLACE_RECIPES,
  type MarketplaceServiceName,
  planStartWaves,
  STACK_PRODUCTS_API_KEY,
} from './marketplace-services.ts';
import { freePort, type ServiceProcess, startServiceProcess } from './service-process.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

const REPO = new URL('../../../', import.meta.url).pathname;

export interface StackOptions {
  /** The services to start; their dependencies (cart -> loms, products) are started too. */
  services: readonly MarketplaceServiceName[];
  /** Extra or overriding environment per service, e.g. `{ loms: { PAYMENT_TIMEOUT: '2s' } }`. */
  env?: Partial<Record<MarketplaceServiceName, Record<string, string>>>;
  /** LOG_LEVEL of the services (default warn: their stderr reaches the test output). */
  logLevel?: string;
  /** Also pass the services' stdout (info logs) through. */
  verbose?: boolean;
  /** Per service: seeding plus readiness (default 60 s; the machine is shared and slow). */
  startTimeoutMs?: number;
}

/** A started service: where to reach it. */
export interface StartedService {
  /** Base URL of the HTTP listener (REST, Connect JSON, /metrics, /readyz), no trailing slash. */
  httpUrl: string;
  /** host:port of the gRPC listener, for services that have one. */
  grpcAddress: string | undefined;
}

export interface MarketplaceStack {
  services: Readonly<Partial<Record<MarketplaceServiceName, StartedService>>>;
  /** The HTTP base URL of a started service; throws naming it when it was not started. */
  httpUrl(name: MarketplaceServiceName): string;
  /** The X-API-KEY products accepts. */
  productsApiKey: string;
  /** Stops the services in reverse start order and drops their databases. */
  stop(): Promise<void>;
}

interface Running extends StartedService {
  process: ServiceProcess;
}

/**
 * Starts real marketplace services as child processes (their code is never imported), each over
 * its own throwaway databases migrated from migrations/<service> and seeded by the service's own
 * `src/cli/seed.ts` where it has one (fixtures/), on free ports of 127.0.0.1, dependencies
 * first. If any service fails to start, everything started is stopped and the error names it.
 */
export async function startMarketplaceServices(options: StackOptions): Promise<MarketplaceStack> {
  const running = new Map<MarketplaceServiceName, Running>();
  const databases: TestDatabase[] = [];
  const stop = async () => {
    for (const service of [...running.values()].reverse()) await service.process.stop();
    running.clear();
    await Promise.all(databases.splice(0).map((db) => db.drop()));
  };
  const startOne = async (name: MarketplaceServiceName) => {
    try {
      running.set(name, await startService(name, options, databases, running));
    } catch (err) {
      throw new Error(`${name} did not start: ${(err as Error).message}`, { cause: err });
    }
  };
  try {
    for (const wave of planStartWaves(options.services)) {
      const results = await Promise.allSettled(wave.map(startOne));
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const services = Object.fromEntries(
    [...running].map(([name, { httpUrl, grpcAddress }]) => [name, { httpUrl, grpcAddress }]),
  );
  return {
    services,
    httpUrl(name) {
      const service = running.get(name);
      if (!service) throw new Error(`${name} is not part of this stack`);
      return service.httpUrl;
    },
    productsApiKey: STACK_PRODUCTS_API_KEY,
    stop,
  };
}

async function startService(
  name: MarketplaceServiceName,
  options: StackOptions,
  databases: TestDatabase[],
  running: ReadonlyMap<MarketplaceServiceName, Running>,
): Promise<Running> {
  const recipe = MARKETPLACE_RECIPES[name];
  const own = await Promise.all(
    recipe.databases.map((dir) => createTestDatabase(dir, join(REPO, 'migrations', dir))),
  );
  databases.push(...own);
  const httpPort = await freePort();
  const grpcPort = recipe.grpc ? await freePort() : undefined;
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    HTTP_PORT: String(httpPort),
    ...(grpcPort ? { GRPC_PORT: String(grpcPort) } : {}),
    LOG_LEVEL: options.logLevel ?? 'warn',
    ...recipe.env({
      databaseUrls: own.map((db) => db.url),
      grpcAddressOf: (dependency) => {
        const address = running.get(dependency)?.grpcAddress;
        if (!address) throw new Error(`${dependency} has no gRPC address yet`);
        return address;
      },
    }),
    ...options.env?.[name],
  };
  const cwd = join(REPO, 'services', name);
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  if (existsSync(join(cwd, 'src/cli/seed.ts'))) await runSeed(cwd, env, timeoutMs);
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const child = await startServiceProcess({
    cwd,
    entry: 'src/main.ts',
    env,
    readyUrl: `${httpUrl}/readyz`,
    timeoutMs,
    verbose: options.verbose ?? false,
  });
  return { httpUrl, grpcAddress: grpcPort ? `127.0.0.1:${grpcPort}` : undefined, process: child };
}

/** Runs the service's seeder with the service's environment; fails with its stderr. */
function runSeed(cwd: string, env: Record<string, string>, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/seed.ts'],
      { cwd, env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (err, _stdout, stderr) =>
        err ? reject(new Error(`src/cli/seed.ts failed: ${err.message}\n${stderr}`)) : resolve(),
    );
  });
}
