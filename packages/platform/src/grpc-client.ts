import type { DescService } from '@bufbuild/protobuf';
import { type Client, createClient, type Interceptor } from '@connectrpc/connect';
import { createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';

export interface GrpcClient<S extends DescService> {
  client: Client<S>;
  /** Closes the HTTP/2 connection; calls after this fail. */
  close(): void;
}

/**
 * A Connect client speaking gRPC (HTTP/2 cleartext) to `address` (`host:port`), over one
 * connection that is kept alive with pings and reopened when it drops, so a restarted server is
 * reached again without restarting the client.
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
  const transport = createGrpcTransport({ baseUrl, interceptors, sessionManager });
  return {
    client: createClient(service, transport),
    close: () => sessionManager.abort(),
  };
}
