import { Code, createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { Health, HealthCheckResponse_ServingStatus } from '@marketplace/proto/grpc/health/v1/health_pb';
import { reflect } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLoms, type TestLoms } from '../support/test-loms.ts';

let t: TestLoms;
beforeAll(async () => {
  t = await startTestLoms();
});
afterAll(() => t?.stop());

describe('gRPC discovery on the LOMS port', () => {
  it('lists and describes LomsService through server reflection, as grpcurl does', async () => {
    const { services, described } = await reflect(t.grpcAddress, ['marketplace.loms.v1.LomsService']);
    expect(services).toEqual(
      expect.arrayContaining(['marketplace.loms.v1.LomsService', 'grpc.health.v1.Health']),
    );
    expect(described[0]?.methods).toEqual([
      {
        name: 'OrderCreate',
        input: 'marketplace.loms.v1.OrderCreateRequest',
        output: 'marketplace.loms.v1.OrderCreateResponse',
      },
      {
        name: 'OrderInfo',
        input: 'marketplace.loms.v1.OrderInfoRequest',
        output: 'marketplace.loms.v1.OrderInfoResponse',
      },
      {
        name: 'OrderPay',
        input: 'marketplace.loms.v1.OrderPayRequest',
        output: 'marketplace.loms.v1.OrderPayResponse',
      },
      {
        name: 'OrderCancel',
        input: 'marketplace.loms.v1.OrderCancelRequest',
        output: 'marketplace.loms.v1.OrderCancelResponse',
      },
      {
        name: 'OrderList',
        input: 'marketplace.loms.v1.OrderListRequest',
        output: 'marketplace.loms.v1.OrderListResponse',
      },
      {
        name: 'StocksInfo',
        input: 'marketplace.loms.v1.StocksInfoRequest',
        output: 'marketplace.loms.v1.StocksInfoResponse',
      },
      {
        name: 'StockSet',
        input: 'marketplace.loms.v1.StockSetRequest',
        output: 'marketplace.loms.v1.StockSetResponse',
      },
    ]);
  });

  it('reports SERVING through grpc.health.v1, and NotFound for an unknown service', async () => {
    const health = createClient(Health, createGrpcTransport({ baseUrl: `http://${t.grpcAddress}` }));
    const answer = await health.check({ service: 'marketplace.loms.v1.LomsService' });
    expect(answer.status).toBe(HealthCheckResponse_ServingStatus.SERVING);
    await expect(health.check({ service: 'no.such.Service' })).rejects.toMatchObject({ code: Code.NotFound });
  });
});
