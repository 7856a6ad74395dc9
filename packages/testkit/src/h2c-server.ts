import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { ConnectRouter } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';

/** A plaintext HTTP/2 (gRPC) server on a free port of 127.0.0.1, e.g. a fake dependency in tests. */
export interface H2cServer {
  /** `127.0.0.1:PORT`, the form gRPC clients take. */
  readonly address: string;
  /** Drops every open connection and stops listening; closing again does nothing. */
  close(): Promise<void>;
}

/** Serves `routes` (Connect handlers) over gRPC on h2c until `close`; port 0 picks a free one. */
export async function startH2cServer(routes: (router: ConnectRouter) => void, port = 0): Promise<H2cServer> {
  const server = http2.createServer(connectNodeAdapter({ routes }));
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    address,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const session of sessions) session.destroy();
        if (!server.listening) return resolve();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
