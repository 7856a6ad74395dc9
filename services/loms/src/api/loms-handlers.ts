import { create } from '@bufbuild/protobuf';
import type { ServiceImpl } from '@connectrpc/connect';
import { callerOf, validateRequest } from '@marketplace/platform';
import {
  ItemSchema,
  type LomsService,
  OrderCancelResponseSchema,
  OrderCreateResponseSchema,
  OrderInfoResponseSchema,
  OrderPayResponseSchema,
  StockSetResponseSchema,
  StocksInfoResponseSchema,
} from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { cancelOrder } from '../app/cancel-order.ts';
import { createOrder } from '../app/create-order.ts';
import { getStockInfo } from '../app/get-stock-info.ts';
import { payOrder } from '../app/pay-order.ts';
import type { LomsDeps } from '../app/ports.ts';
import { setStock } from '../app/set-stock.ts';
import { findOwnOrder } from './loms-access.ts';
import { answerOrderList } from './order-list-handler.ts';

const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * Runs each LOMS call's use case and encodes the answer. Requests arrive checked against the rules
 * of loms.proto (the validation interceptor); what the rules cannot say, a header, is checked here.
 * With a signed-in caller (AUTH_MODE=jwt) an order is answered, paid or cancelled only for its owner.
 */
export function createLomsHandlers(deps: LomsDeps) {
  return {
    async orderCreate(req, ctx) {
      const idempotencyKey = ctx.requestHeader.get('idempotency-key') ?? undefined;
      validateRequest('OrderCreateRequest')
        .check(
          'idempotency_key',
          (idempotencyKey?.length ?? 0) <= MAX_IDEMPOTENCY_KEY_LENGTH,
          `value length must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
        )
        .assert();
      const items = req.items.map((i) => ({ sku: i.sku, count: BigInt(i.count) }));
      const callerAuthorization = ctx.requestHeader.get('authorization') ?? undefined;
      const orderId = await createOrder(deps, {
        userId: req.userId,
        items,
        idempotencyKey,
        callerAuthorization,
      });
      return create(OrderCreateResponseSchema, { orderId });
    },

    async orderInfo(req, ctx) {
      const order = await findOwnOrder(deps, callerOf(ctx), req.orderId);
      return create(OrderInfoResponseSchema, {
        status: order.status,
        userId: order.userId,
        items: order.items.map((i) => create(ItemSchema, { sku: i.sku, count: Number(i.count) })),
      });
    },

    orderList: (req) => answerOrderList(deps, req),

    async orderPay(req, ctx) {
      const caller = callerOf(ctx);
      if (caller) await findOwnOrder(deps, caller, req.orderId);
      await payOrder(deps, req.orderId);
      return create(OrderPayResponseSchema);
    },

    async orderCancel(req, ctx) {
      const caller = callerOf(ctx);
      if (caller) await findOwnOrder(deps, caller, req.orderId);
      await cancelOrder(deps, req.orderId);
      return create(OrderCancelResponseSchema);
    },

    async stocksInfo(req) {
      const count = await getStockInfo(deps, req.sku);
      return create(StocksInfoResponseSchema, { count: Number(count) });
    },

    async stockSet(req) {
      await setStock(deps, req.sku, BigInt(req.totalCount), req.fencingToken);
      return create(StockSetResponseSchema);
    },
  } satisfies ServiceImpl<typeof LomsService>;
}
