import type { Interceptor } from '@connectrpc/connect';
import {
  type AccessPolicies,
  adminOnly,
  type Caller,
  callerIsTheUser,
  createApiKeyCheck,
  createAuthGuard,
  type TokenVerifier,
} from '@marketplace/platform';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { getOrderInfo } from '../app/get-order-info.ts';
import type { LomsDeps } from '../app/ports.ts';
import { OrderNotFoundError } from '../domain/errors.ts';
import type { Order } from '../domain/order.ts';

/**
 * Who may call what with AUTH_MODE=jwt. Orders are their user's: OrderCreate and OrderList only under
 * the caller's own user id (403 otherwise); OrderInfo, OrderPay and OrderCancel need a signed-in caller
 * and answer NotFound for another user's order (the handlers, see findOwnOrder). StockSet is an
 * admin's, or a service's holding a key of SERVICE_API_KEYS (products' ingest); StocksInfo stays open.
 */
const POLICIES: AccessPolicies<typeof LomsService> = {
  orderCreate: callerIsTheUser,
  orderList: callerIsTheUser,
  orderInfo: 'signed-in',
  orderPay: 'signed-in',
  orderCancel: 'signed-in',
  stocksInfo: 'anyone',
  stockSet: adminOnly('StockSet'),
};

/** The guard of LOMS's calls (AUTH_MODE=jwt); `serviceKeys` may call StockSet without a token. */
export function createLomsGuard(verifier: TokenVerifier, serviceKeys: readonly string[]): Interceptor {
  const isServiceKey = createApiKeyCheck(serviceKeys);
  return createAuthGuard({
    service: LomsService,
    verifier,
    policies: POLICIES,
    trusted: (req) =>
      req.method.localName === LomsService.method.stockSet.localName &&
      isServiceKey(req.header.get('x-api-key')),
  });
}

/**
 * The order, when the caller may see it: any order without a signed-in caller (AUTH_MODE=off), only
 * the caller's own with one. Another user's order is NotFound with the message of a missing one, so
 * order ids cannot be probed.
 */
export async function findOwnOrder(
  deps: LomsDeps,
  caller: Caller | undefined,
  orderId: bigint,
): Promise<Order> {
  const order = await getOrderInfo(deps, orderId);
  if (caller && order.userId !== caller.userId) throw new OrderNotFoundError(orderId);
  return order;
}
