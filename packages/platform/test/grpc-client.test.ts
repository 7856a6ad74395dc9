import { Code, ConnectError } from '@connectrpc/connect';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientInterceptors } from '../src/client-interceptors.ts';
import { createGrpcClient } from '../src/grpc-client.ts';
import { type H2cServer, startH2cServer } from './grpc/h2c-server.ts';

/** A LOMS whose StocksInfo answers sku 1 and refuses any other, recording the request headers. */
function startStockServer(seen: Headers[]) {
  return startH2cServer((router) =>
    router.service(LomsService, {
      stocksInfo(req, ctx) {
        seen.push(ctx.requestHeader);
        if (req.sku !== 1n) throw new ConnectError('unknown sku', Code.NotFound);
        return { count: 7 };
      },
    }),
  );
}

describe('createGrpcClient with the client interceptors', () => {
  let server: H2cServer | undefined;
  afterEach(() => server?.close());

  it('calls over gRPC and counts each call by service, method and code', async () => {
    const seen: Headers[] = [];
    server = await startStockServer(seen);
    const registry = new Registry();
    const { client, close } = createGrpcClient(
      LomsService,
      server.address,
      createClientInterceptors(registry),
    );
    try {
      expect((await client.stocksInfo({ sku: 1n })).count).toBe(7);
      await expect(client.stocksInfo({ sku: 2n })).rejects.toThrow('unknown sku');
    } finally {
      close();
    }
    expect(seen[0]?.get('content-type')).toBe('application/grpc+proto');
    const counted = await registry.getSingleMetric('rpc_client_requests_total')?.get();
    expect(counted?.values.map((v) => [v.labels.method, v.labels.code, v.value])).toEqual([
      ['StocksInfo', 'OK', 1],
      ['StocksInfo', 'NotFound', 1],
    ]);
  });
});
