import type { ServiceImpl } from '@connectrpc/connect';
import { Health } from '@marketplace/proto/grpc/health/v1/health_pb';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { healthRoutes } from '../../src/grpc/health.ts';
import type { HealthState } from '../../src/grpc/health-state.ts';
import { reflectionRoutes } from '../../src/grpc/reflection.ts';
import { type H2cServer, startH2cServer } from './h2c-server.ts';

const lomsStub = {
  orderCreate: () => ({ orderId: 1n }),
  orderInfo: () => ({}),
  orderPay: () => ({}),
  orderCancel: () => ({}),
  stocksInfo: () => ({}),
  stockSet: () => ({}),
  orderList: () => ({}),
} satisfies ServiceImpl<typeof LomsService>;

/** A server shaped like a real one: LomsService (stubbed), health over `state`, and reflection. */
export function startLomsServer(state: HealthState): Promise<H2cServer> {
  return startH2cServer((router) => {
    router.service(LomsService, lomsStub);
    healthRoutes(state)(router);
    reflectionRoutes([LomsService, Health])(router);
  });
}
