import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MARKETPLACE_RECIPES, type MarketplaceServiceName } from './marketplace-services.ts';
import { freePort, type ServiceProcess, startServiceProcess } from './service-process.ts';
import { runServiceSeed } from './service-seed.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

const REPO = new URL('../../../', import.meta.url).pathname;

/** Options of {@link startMarketplaceService}. */
export interface ServiceOptions {
  /** Extra or overriding environment, over the recipe's. */
  env?: Record<string, string>;
  /** host:port of the gRPC listener of each dependency the recipe names. */
  dependencies?: Partial<Record<MarketplaceServiceName, string>>;
  /** Run the service's own `src/cli/seed.ts` first, where it has one (default false: empty databases). */
  seed?: boolean;
  /** Called with the migrated databases before the service starts (a benchmark loads its data here). */
  prepare?: (databaseUrls: string[]) => Promise<void>;
  /** LOG_LEVEL (default warn: its stderr reaches the test output). */
  logLevel?: string;
  /** Also pass the service's stdout (info logs) through. */
  verbose?: boolean;
  /** Seeding plus readiness (default 60 s; the machine is shared and slow). */
  startTimeoutMs?: number;
  /**
   * Run the service's bundle (dist/main.js, built first when missing or stale) with plain node, as
   * the images and `make run-all` do, instead of its sources under tsx (default false: tests run the
   * sources as they are, with no build step). Benchmarks measure what ships.
   */
  bundled?: boolean;
}

/** One service started from its recipe, as a child process. */
export interface MarketplaceService {
  name: MarketplaceServiceName;
  /** Base URL of the HTTP listener (REST, Connect JSON, /metrics, /readyz), no trailing slash. */
  httpUrl: string;
  /** host:port of the gRPC listener, for services that have one. */
  grpcAddress: string | undefined;
  /** Its throwaway databases, migrated, in the order the recipe names them. */
  databaseUrls: string[];
  /** The process id of the running service (a new one after `restart`). */
  readonly pid: number | undefined;
  /** SIGKILL, as a crash would, resolving once it has exited; `restart` brings it back. */
  kill(): Promise<void>;
  /** Stops the process (if it still runs) and starts it again on the same ports and databases. */
  restart(): Promise<void>;
  /**
   * Stops the process (SIGTERM, then SIGKILL after `graceMs`, default 10 s) and drops its
   * databases; resolves with the process's exit code.
   */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts one marketplace service from its recipe (MARKETPLACE_RECIPES) as a child process (its code
 * is never imported), over its own throwaway databases migrated from migrations/<service>, on free
 * ports of 127.0.0.1. If it does not start, its databases are dropped and the error says why.
 */
export async function startMarketplaceService(
  name: MarketplaceServiceName,
  options: ServiceOptions = {},
): Promise<MarketplaceService> {
  const recipe = MARKETPLACE_RECIPES[name];
  const databases: TestDatabase[] = [];
  const dropDatabases = () => Promise.all(databases.map((db) => db.drop()));
  try {
    databases.push(
      ...(await Promise.all(
        recipe.databases.map((dir) => createTestDatabase(dir, join(REPO, 'migrations', dir))),
      )),
    );
    const databaseUrls = databases.map((db) => db.url);
    const httpPort = await freePort();
    const grpcPort = recipe.grpc ? await freePort() : undefined;
    const env: Record<string, string> = {
      HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      ...(grpcPort ? { GRPC_PORT: String(grpcPort) } : {}),
      LOG_LEVEL: options.logLevel ?? 'warn',
      ...recipe.env({
        databaseUrls,
        grpcAddressOf: (dependency) => {
          const address = options.dependencies?.[dependency];
          if (!address) throw new Error(`${dependency} has no gRPC address yet`);
          return address;
        },
      }),
      ...options.env,
    };
    const cwd = join(REPO, 'services', name);
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    if (options.seed && existsSync(join(cwd, 'src/cli/seed.ts'))) await runServiceSeed(cwd, env, timeoutMs);
    await options.prepare?.(databaseUrls);
    const httpUrl = `http://127.0.0.1:${httpPort}`;
    if (options.bundled) {
      // Loaded only here: esbuild stays out of the processes that run sources.
      const { ensureServicesBuilt } = await import('@marketplace/build');
      await ensureServicesBuilt([name], (line) => console.error(line));
    }
    const start = () =>
      startServiceProcess({
        cwd,
        ...(options.bundled ? { entry: 'dist/main.js', nodeArgs: [] } : { entry: 'src/main.ts' }),
        env,
        readyUrl: `${httpUrl}/readyz`,
        timeoutMs,
        verbose: options.verbose ?? false,
      });
    let running: ServiceProcess = await start();
    return {
      name,
      httpUrl,
      grpcAddress: grpcPort ? `127.0.0.1:${grpcPort}` : undefined,
      databaseUrls,
      get pid() {
        return running.child.pid;
      },
      async kill() {
        running.child.kill('SIGKILL');
        await running.stop();
      },
      async restart() {
        await running.stop();
        running = await start();
      },
      async stop(graceMs) {
        const code = await running.stop(graceMs);
        await dropDatabases();
        return code;
      },
    };
  } catch (err) {
    await dropDatabases();
    throw err;
  }
}
