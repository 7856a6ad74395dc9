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
  orderList: (req) => ({ method: 'GET', path: `/order/list?${queryOf(req)}` }),
  orderPay: (req) => ({ method: 'POST', path: '/order/pay', body: req }),
  orderCancel: (req) => ({ method: 'POST', path: '/order/cancel', body: req }),
  stocksInfo: (req) => ({ method: 'GET', path: `/stock/info?sku=${req.sku}` }),
  stockSet: (req) => ({ method: 'POST', path: '/stock/set', body: req }),
};

/** The request's fields as query parameters, as given (JSON names, values as strings). */
function queryOf(req: JsonObject): string {
  return new URLSearchParams(
    Object.entries(req).map(([key, value]): [string, string] => [key, String(value)]),
  ).toString();
}

/** LOMS over grpc-js, Connect JSON and REST; every contract test runs through each. */
export function lomsTransports(t: () => TestLoms) {
  return serviceTransports(LomsService, () => ({ grpc: t().grpc, httpBase: t().httpBase }), restRoutes);
}
