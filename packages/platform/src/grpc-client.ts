import type { DescService } from '@bufbuild/protobuf';
import { type Client, createClient, type Interceptor } from '@connectrpc/connect';
import { createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import { refusedStreamIsUnavailable } from './refused-stream.ts';

export interface GrpcClient<S extends DescService> {
  client: Client<S>;
  /** Closes the HTTP/2 connection; calls after this fail. */
  close(): void;
}

/**
 * A Connect client speaking gRPC (HTTP/2 cleartext) to `address` (`host:port`), over one
 * connection that is kept alive with pings and reopened when it drops, so a restarted server is
 * reached again without restarting the client. A call a stopping server refused is Unavailable
 * (innermost, so `interceptors` such as retries see it so).
 */
export function createGrpcClient<S extends DescService>(
  service: S,
  address: string,
  interceptors: Interceptor[] = [],
): GrpcClient<S> {
  const baseUrl = `http://${address}`;
  const sessionManager = new Http2SessionManager(baseUrl, {
    pingIntervalMs: 30_000,
    idleConnectionTimeoutMs: 60_000,
  });
  const transport = createGrpcTransport({
    baseUrl,
    interceptors: [...interceptors, refusedStreamIsUnavailable],
    sessionManager,
  });
  return {
    client: createClient(service, transport),
    close: () => sessionManager.abort(),
  };
}
