import type { DescService } from '@bufbuild/protobuf';
import {
  type ConnectRouter,
  createRouterTransport,
  type Interceptor,
  type ServiceImpl,
} from '@connectrpc/connect';
import { createGateway, notFound, type OpenApiInfo } from '@marketplace/gateway';
import { Health } from '@marketplace/proto/grpc/health/v1/health_pb';
import { createInFlightLimit } from './edge/in-flight-limit.ts';
import { healthRoutes } from './grpc/health.ts';
import { createHealthState } from './grpc/health-state.ts';
import { reflectionRoutes } from './grpc/reflection.ts';
import type { HttpEdgeOptions } from './http-edges.ts';
import { createServerInterceptors } from './interceptors.ts';
import { ServiceServer } from './server.ts';
import type { ServiceBasics } from './service-basics.ts';
import type { ListenSettings } from './service-settings.ts';

/**
 * Where and how a gRPC-first service listens, as its config reads it (readServiceConfig): HOST,
 * GRPC_PORT and HTTP_PORT, and the edge of both ports. A service passes its config.
 */
export interface GrpcFirstListenSettings extends ListenSettings {
  grpcPort: number;
  edges: HttpEdgeOptions;
}

export interface GrpcFirstServerOptions<S extends DescService> {
  service: S;
  implementation: ServiceImpl<S>;
  /** Title and description of the OpenAPI document. */
  info: OpenApiInfo;
  listen: GrpcFirstListenSettings;
  /** Who may make a call at all (authentication, rate limits): after the observing interceptor, before validation. */
  guards?: readonly Interceptor[];
  /** The service's own interceptors, run inside the shared ones, next to its handlers. */
  interceptors?: readonly Interceptor[];
}

export interface RunningGrpcFirstServer {
  grpcPort: number;
  httpPort: number;
  /** Reports NOT_SERVING, then stops accepting and drains in-flight calls. */
  stop(): Promise<void>;
}

/** A started gRPC-first service, as its main.ts and tests see it. */
export interface RunningGrpcFirstService<Deps> {
  grpcPort: number;
  httpPort: number;
  /** What its use cases run on (tests reach its store and clock through it). */
  deps: Deps;
  /** Stops its parts in reverse start order, the listeners (draining calls) first. */
  stop(): Promise<void>;
}

/**
 * The running service of `server`: its ports, `deps`, and a stop that drains the listeners first,
 * then stops each of `parts` in the order given (an absent part, a feature turned off, is skipped).
 */
export function runningService<Deps>(
  server: RunningGrpcFirstServer,
  deps: Deps,
  parts: ReadonlyArray<(() => unknown) | undefined>,
): RunningGrpcFirstService<Deps> {
  return {
    grpcPort: server.grpcPort,
    httpPort: server.httpPort,
    deps,
    async stop() {
      await server.stop();
      for (const stop of parts) await stop?.();
    },
  };
}

/**
 * Serves one gRPC-first service the way every such service is served: gRPC (with health and
 * reflection) on the h2c port; REST from its google.api.http annotations, Connect, Swagger UI and
 * the ops endpoints on the HTTP/1.1 port; the same interceptors (createServerInterceptors, logging
 * as `<service>:rpc`) and in-flight limit on every path.
 */
export async function startGrpcFirstServer<S extends DescService>(
  basics: ServiceBasics,
  options: GrpcFirstServerOptions<S>,
): Promise<RunningGrpcFirstServer> {
  const { metrics, ready, log } = basics;
  const { service, implementation, info, listen, guards } = options;
  const { host, grpcPort, httpPort, edges } = listen;
  const health = createHealthState([service.typeName]);
  const serve = (router: ConnectRouter) => router.service(service, implementation);
  const interceptors = [
    ...createServerInterceptors(metrics, log.child({ subsystem: `${metrics.service}:rpc` }), { guards }),
    ...(options.interceptors ?? []),
    // Innermost, so shed calls are traced and counted like any other; one count for both ports.
    createInFlightLimit(edges.limits.maxInFlightCalls),
  ];
  const gateway = createGateway({
    services: [service],
    transport: createRouterTransport(serve, { router: { interceptors } }),
    maxBodyBytes: edges.limits.maxMessageBytes,
    info,
  });
  const server = new ServiceServer({
    metrics,
    ready,
    log,
    host,
    grpcPort,
    httpPort,
    edges,
    interceptors,
    routes: (router) => {
      serve(router);
      healthRoutes(health)(router);
      reflectionRoutes([service, Health])(router);
    },
    httpHandlers: [gateway.handle],
    notFound,
  });
  const ports = await server.start();
  return {
    ...ports,
    async stop() {
      health.shutdown();
      await server.stop();
    },
  };
}
