import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { Code, ConnectError } from '@connectrpc/connect';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrpcClient } from '../src/grpc-client.ts';

// What a server that is shutting down does with a new stream: resets it with REFUSED_STREAM.
let server: http2.Http2Server;
let address: string;

beforeAll(async () => {
  server = http2.createServer();
  server.on('stream', (stream) => {
    stream.on('error', () => {}); // the server's side of the reset it sends
    stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('a refused stream', () => {
  it('is Unavailable to the caller (safe to retry), not Internal', async () => {
    const { client, close } = createGrpcClient(LomsService, address);
    try {
      const call = client.stocksInfo({ sku: 1n });
      await expect(call).rejects.toBeInstanceOf(ConnectError);
      await expect(call).rejects.toMatchObject({ code: Code.Unavailable });
    } finally {
      close();
    }
  });
});
