import http2 from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { readCartConfig } from '../../src/config.ts';
import { DependencyUnavailableError } from '../../src/domain/errors.ts';
import { createLomsClient, type LomsClient } from '../../src/infra/loms-client.ts';

// What the cart's client sees when LOMS is killed mid-call: its stream reset with CANCEL, or its
// connection reset (ECONNRESET).
const servers: http2.Http2Server[] = [];
const clients: LomsClient[] = [];

async function lomsThat(drop: (stream: http2.ServerHttp2Stream) => void): Promise<LomsClient> {
  const server = http2.createServer();
  server.on('stream', drop);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = readCartConfig({ LOMS_GRPC_ADDRESS: address, LOMS_RETRY_ATTEMPTS: '1' });
  const client = createLomsClient(config.loms, [], pino({ level: 'silent' }));
  clients.push(client);
  return client;
}

afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

const order = (loms: LomsClient) =>
  loms.createOrder(
    { userId: 7n, items: [{ sku: 1n, count: 1 }], idempotencyKey: 'reset-1' },
    AbortSignal.timeout(10_000),
  );

describe('LOMS dropping calls', () => {
  it('answers unavailable (503), not an internal error, when LOMS resets the stream', async () => {
    const loms = await lomsThat((stream) => stream.close(http2.constants.NGHTTP2_CANCEL));
    await expect(order(loms)).rejects.toThrow(DependencyUnavailableError);
    await expect(order(loms)).rejects.toThrow('order service (LOMS) dropped the call; try again later');
  });

  it('answers unavailable (503), not an internal error, when LOMS resets the connection', async () => {
    const loms = await lomsThat((stream) => (stream.session!.socket as Socket).resetAndDestroy());
    await expect(order(loms)).rejects.toThrow(DependencyUnavailableError);
  });
});
