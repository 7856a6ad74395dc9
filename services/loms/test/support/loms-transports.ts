import type { JsonObject } from '@bufbuild/protobuf';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { type CallResult, type RestRoute, serviceTransports } from '@marketplace/testkit';
import type { TestLoms } from './test-loms.ts';

export type { CallResult };
export type LomsMethod = keyof typeof LomsService.method;

/** How each LOMS method is called over REST, as its google.api.http rule says. */
const restRoutes: Record<LomsMethod, RestRoute> = {
  orderCreate: (req: JsonObject) => ({ method: 'POST', path: '/order/create', body: req }),
  orderInfo: (req) => ({ method: 'GET', path: `/order/info?orderId=${req.orderId}` }),
  orderPay: (req) => ({ method: 'POST', path: '/order/pay', body: req }),
  orderCancel: (req) => ({ method: 'POST', path: '/order/cancel', body: req }),
  stocksInfo: (req) => ({ method: 'GET', path: `/stock/info?sku=${req.sku}` }),
  stockSet: (req) => ({ method: 'POST', path: '/stock/set', body: req }),
};

/** LOMS over grpc-js, Connect JSON and REST; every contract test runs through each. */
export function lomsTransports(t: () => TestLoms) {
  return serviceTransports(LomsService, () => ({ grpc: t().grpc, httpBase: t().httpBase }), restRoutes);
}
