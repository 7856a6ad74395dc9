import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { limitConnections } from '../../src/edge/connection-limit.ts';

let server: http.Server | undefined;
const sockets: net.Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function start(trustedProxies: string[] = []) {
  server = http.createServer((_req, res) => res.end('ok'));
  limitConnections(server, { maxConnections: 5, maxConnectionsPerClient: 2 }, trustedProxies);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Opens a connection that starts a request and never finishes its body; resolves once the server has it. */
async function halfSent(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  sockets.push(socket);
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"half":');
  return socket;
}

/** Whether the server keeps the connection open (false when it closes it at once). */
async function keptOpen(socket: net.Socket): Promise<boolean> {
  if (socket.destroyed) return false;
  const closed = new Promise<boolean>((resolve) => socket.once('close', () => resolve(false)));
  const kept = new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 150));
  return Promise.race([closed, kept]);
}

async function openCount(): Promise<number> {
  return new Promise((resolve, reject) =>
    server!.getConnections((err, n) => (err ? reject(err) : resolve(n))),
  );
}

describe('limitConnections', () => {
  it('closes connections from one client beyond its share, and takes new ones as old ones close', async () => {
    const port = await start();
    const [a, b, c] = [await halfSent(port), await halfSent(port), await halfSent(port)];
    expect(await keptOpen(c)).toBe(false);
    expect([await keptOpen(a), await keptOpen(b)]).toEqual([true, true]);
    a.destroy();
    while ((await openCount()) > 1) await new Promise((resolve) => setImmediate(resolve));
    expect(await keptOpen(await halfSent(port))).toBe(true);
    expect(await openCount()).toBe(2);
  });

  it('bounds a trusted proxy only by the total', async () => {
    const port = await start(['127.0.0.0/8']);
    const opened = [];
    for (let i = 0; i < 6; i++) opened.push(await halfSent(port));
    const kept = await Promise.all(opened.map(keptOpen));
    expect(kept.filter(Boolean)).toHaveLength(5);
    expect(await openCount()).toBe(5);
  });
});
