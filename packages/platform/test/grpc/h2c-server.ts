import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { ConnectRouter } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';

/** A plaintext HTTP/2 server on a free port of 127.0.0.1, as grpcurl -plaintext would reach it. */
export interface H2cServer {
  /** `127.0.0.1:PORT`, the form gRPC clients take. */
  readonly address: string;
  /** Drops every open connection (long-lived Watch streams included) and stops listening. */
  close(): Promise<void>;
}

export async function startH2cServer(routes: (router: ConnectRouter) => void): Promise<H2cServer> {
  const server = http2.createServer(connectNodeAdapter({ routes }));
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const session of sessions) session.destroy();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
