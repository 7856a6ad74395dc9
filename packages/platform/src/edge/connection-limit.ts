import type net from 'node:net';
import { trustedPeerCheck } from './client-address.ts';
import type { ServerLimits } from './server-limits.ts';

/**
 * Bounds the open connections of a listener: `maxConnections` in all and `maxConnectionsPerClient`
 * from one peer address. Every open connection holds a socket and its buffers, some 60 KB once a
 * request is half sent, and a slow client keeps one for the read timeout: without a bound, one
 * client with a few thousand sockets takes hundreds of MB. Connections over a limit are closed as
 * they arrive. A trusted proxy carries many clients, so only the total bounds it.
 */
export function limitConnections(
  server: net.Server,
  limits: Pick<ServerLimits, 'maxConnections' | 'maxConnectionsPerClient'>,
  trustedProxies: readonly string[] = [],
): void {
  server.maxConnections = limits.maxConnections;
  const isTrusted = trustedPeerCheck(trustedProxies);
  const open = new Map<string, number>();
  server.on('connection', (socket: net.Socket) => {
    const peer = socket.remoteAddress;
    if (peer === undefined || isTrusted(peer)) return;
    const count = (open.get(peer) ?? 0) + 1;
    if (count > limits.maxConnectionsPerClient) {
      socket.destroy();
      return;
    }
    open.set(peer, count);
    socket.once('close', () => {
      const left = (open.get(peer) ?? 1) - 1;
      if (left === 0) open.delete(peer);
      else open.set(peer, left);
    });
  });
}
