import type { DescService } from '@bufbuild/protobuf';
import { createGrpcJsClient, type GrpcJsClient } from './grpc-js-client.ts';
import {
  type MarketplaceService,
  type ServiceOptions,
  startMarketplaceService,
} from './marketplace-service.ts';

/** A service under benchmark, with a grpc-js client of its gRPC port. */
export interface BenchService<S extends DescService> extends MarketplaceService {
  client: GrpcJsClient<S>;
}

/**
 * Starts a service for a benchmark from its recipe, from its bundle as it ships unless `bundled` is
 * false (`prepare` loads its data before it starts), and connects a grpc-js client of `service`;
 * `stop` closes the client too.
 */
export async function startBenchService<S extends DescService>(
  name: MarketplaceService['name'],
  service: S,
  options: ServiceOptions = {},
): Promise<BenchService<S>> {
  const started = await startMarketplaceService(name, { bundled: true, ...options });
  if (!started.grpcAddress) throw new Error(`${name} has no gRPC port to benchmark`);
  const client = createGrpcJsClient(service, started.grpcAddress);
  const stopService = started.stop;
  // The service itself, not a copy: its `pid` follows a restart.
  return Object.assign(started, {
    client,
    async stop(graceMs?: number) {
      client.close();
      return stopService(graceMs);
    },
  });
}
