import http2 from 'node:http2';
import net from 'node:net';
import { boundHttp2Session, createEnvReader, readServerLimits } from '@marketplace/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { H2_PREFACE, h2Frame, hpackLiterals } from '../../src/fuzz/h2-client.ts';

const GOAWAY = 0x7;
const ENHANCE_YOUR_CALM = 0xb;

const servers: http2.Http2Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** An h2c server bounded like every service's, counting the requests its handler sees. */
async function boundedServer() {
  const limits = readServerLimits(createEnvReader({}));
  const seen = { requests: 0 };
  const server = http2.createServer((req) => {
    seen.requests++;
    req.resume();
  });
  server.on('session', (session) => boundHttp2Session(session, limits));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, seen };
}

/** Opens `count` streams on one connection, resetting each at once; answers the GOAWAY code, if any. */
async function openAndReset(port: number, count: number): Promise<number | undefined> {
  const headers = hpackLiterals([
    [':method', 'POST'],
    [':scheme', 'http'],
    [':path', '/marketplace.loms.v1.LomsService/StocksInfo'],
    [':authority', `127.0.0.1:${port}`],
    ['content-type', 'application/grpc'],
  ]);
  const frames = Array.from({ length: count }, (_, i) => [
    h2Frame(0x1, 0x4 /* END_HEADERS */, 2 * i + 1, headers),
    h2Frame(0x3, 0, 2 * i + 1, Buffer.from([0, 0, 0, 0x8 /* CANCEL */])),
  ]).flat();
  const socket = net.connect(port, '127.0.0.1');
  // A server that cuts the client off may reset the connection: the GOAWAY read below is the check.
  socket.on('error', () => {});
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
  });
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(Buffer.concat([H2_PREFACE, h2Frame(0x4, 0, 0, Buffer.alloc(0)), ...frames]));
  await new Promise((resolve) => {
    socket.once('close', resolve);
    setTimeout(resolve, 1_000);
  });
  socket.destroy();
  for (let at = 0; at + 9 <= received.length; ) {
    const length = received.readUIntBE(at, 3);
    if (received[at + 3] === GOAWAY) return received.readUInt32BE(at + 9 + 4);
    at += 9 + length;
  }
  return undefined;
}

describe('HTTP/2 rapid reset', () => {
  it('cuts off a client that opens and resets streams in a loop before most of them reach a handler', async () => {
    const { port, seen } = await boundedServer();
    expect(await openAndReset(port, 1_000)).toBe(ENHANCE_YOUR_CALM);
    expect(seen.requests).toBeGreaterThan(50);
    expect(seen.requests).toBeLessThan(200);
  });

  it('lets a client cancel calls now and then', async () => {
    const { port, seen } = await boundedServer();
    expect(await openAndReset(port, 50)).toBeUndefined();
    expect(seen.requests).toBe(50);
  });
});
