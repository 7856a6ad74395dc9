import { Code, ConnectError, createClient, createRouterTransport } from '@connectrpc/connect';
import {
  Health,
  HealthCheckResponse_ServingStatus as Serving,
} from '@marketplace/proto/grpc/health/v1/health_pb';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { describe, expect, it } from 'vitest';
import { createInFlightLimit } from '../../src/edge/in-flight-limit.ts';

/** A LOMS whose StocksInfo calls wait until released, behind an in-flight limit of two. */
function blockedLoms() {
  const waiting: Array<() => void> = [];
  const transport = createRouterTransport(
    (router) => {
      router.service(LomsService, {
        stocksInfo: () => new Promise((resolve) => waiting.push(() => resolve({ count: 1 }))),
      });
      router.service(Health, { check: () => ({ status: Serving.SERVING }) });
    },
    { router: { interceptors: [createInFlightLimit(2)] } },
  );
  const releaseAll = () => {
    for (const release of waiting.splice(0)) release();
  };
  return {
    loms: createClient(LomsService, transport),
    health: createClient(Health, transport),
    waiting,
    releaseAll,
  };
}

describe('in-flight limit', () => {
  it('answers Unavailable with Retry-After beyond the limit, and admits again once calls finish', async () => {
    const { loms, waiting, releaseAll } = blockedLoms();
    const first = [loms.stocksInfo({ sku: 1n }), loms.stocksInfo({ sku: 2n })];
    await expect.poll(() => waiting.length).toBe(2);

    const shed = await loms.stocksInfo({ sku: 3n }).catch((e: unknown) => e);
    expect(shed).toBeInstanceOf(ConnectError);
    expect((shed as ConnectError).code).toBe(Code.Unavailable);
    expect((shed as ConnectError).rawMessage).toBe('server overloaded: 2 calls in flight, try again');
    expect((shed as ConnectError).metadata.get('retry-after')).toBe('1');

    releaseAll();
    await Promise.all(first);
    const again = loms.stocksInfo({ sku: 4n });
    await expect.poll(() => waiting.length).toBe(1);
    releaseAll();
    expect((await again).count).toBe(1);
  });

  it('frees the slot of a call that failed', async () => {
    const transport = createRouterTransport(
      (router) =>
        router.service(LomsService, {
          stocksInfo: () => {
            throw new ConnectError('no such sku', Code.NotFound);
          },
        }),
      { router: { interceptors: [createInFlightLimit(1)] } },
    );
    const loms = createClient(LomsService, transport);
    for (let i = 0; i < 3; i++)
      expect(((await loms.stocksInfo({ sku: 1n }).catch((e: unknown) => e)) as ConnectError).code).toBe(
        Code.NotFound,
      );
  });

  it('always answers health checks, which load balancers need most under load', async () => {
    const { loms, health, waiting, releaseAll } = blockedLoms();
    const blocked = [loms.stocksInfo({ sku: 1n }), loms.stocksInfo({ sku: 2n })];
    await expect.poll(() => waiting.length).toBe(2);
    expect((await health.check({})).status).toBe(Serving.SERVING);
    releaseAll();
    await Promise.all(blocked);
  });
});
