import { type MarketplaceService, startMarketplaceService } from './marketplace-service.ts';
import {
  type MarketplaceServiceName,
  planStartWaves,
  STACK_PRODUCTS_API_KEY,
} from './marketplace-services.ts';

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

/**
 * Starts real marketplace services as child processes (their code is never imported), each over
 * its own throwaway databases migrated from migrations/<service> and seeded by the service's own
 * `src/cli/seed.ts` where it has one (fixtures/), on free ports of 127.0.0.1, dependencies
 * first. If any service fails to start, everything started is stopped and the error names it.
 */
export async function startMarketplaceServices(options: StackOptions): Promise<MarketplaceStack> {
  const running = new Map<MarketplaceServiceName, MarketplaceService>();
  const stop = async () => {
    for (const service of [...running.values()].reverse()) await service.stop();
    running.clear();
  };
  const startOne = async (name: MarketplaceServiceName) => {
    try {
      const dependencies = Object.fromEntries(
        [...running].map(([started, { grpcAddress }]) => [started, grpcAddress]),
      );
      running.set(
        name,
        await startMarketplaceService(name, {
          env: options.env?.[name],
          dependencies,
          seed: true,
          logLevel: options.logLevel,
          verbose: options.verbose,
          startTimeoutMs: options.startTimeoutMs,
        }),
      );
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
