import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCartConfig } from '../../src/config.ts';
import { DependencyUnavailableError } from '../../src/domain/errors.ts';
import { createLomsClient, type LomsClient } from '../../src/infra/loms-client.ts';

// What the cart's client sees when LOMS is killed mid-call: its streams reset with CANCEL.
let server: http2.Http2Server;
let loms: LomsClient;

beforeAll(async () => {
  server = http2.createServer();
  server.on('stream', (stream) => stream.close(http2.constants.NGHTTP2_CANCEL));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  loms = createLomsClient(readCartConfig({ LOMS_GRPC_ADDRESS: address }).loms, [], pino({ level: 'silent' }));
});
afterAll(async () => {
  loms?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('LOMS dropping calls', () => {
  it('answers unavailable (503), not an internal error, when LOMS resets the call', async () => {
    const order = loms.createOrder(
      { userId: 7n, items: [{ sku: 1n, count: 1 }], idempotencyKey: 'reset-1' },
      AbortSignal.timeout(10_000),
    );
    await expect(order).rejects.toThrow(DependencyUnavailableError);
    await expect(order).rejects.toThrow('order service (LOMS) dropped the call; try again later');
  });
});
