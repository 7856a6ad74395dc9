import { create } from '@bufbuild/protobuf';
import type { ServiceImpl } from '@connectrpc/connect';
import { validateRequest } from '@marketplace/platform';
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
import { getOrderInfo } from '../app/get-order-info.ts';
import { getStockInfo } from '../app/get-stock-info.ts';
import { payOrder } from '../app/pay-order.ts';
import type { LomsDeps } from '../app/ports.ts';
import { setStock } from '../app/set-stock.ts';

const MAX_ITEMS = 1_000;
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Decodes and validates each LOMS call, runs its use case and encodes the answer. */
export function createLomsHandlers(deps: LomsDeps) {
  return {
    async orderCreate(req, ctx) {
      const check = validateRequest('OrderCreateRequest').positive('user_id', req.userId);
      check.nonEmpty('items', req.items).maxItems('items', req.items, MAX_ITEMS);
      for (const [i, item] of req.items.entries()) {
        check.positive(`items[${i}].sku`, item.sku).positive(`items[${i}].count`, item.count);
      }
      const idempotencyKey = ctx.requestHeader.get('idempotency-key') ?? undefined;
      check.check(
        'idempotency_key',
        (idempotencyKey?.length ?? 0) <= MAX_IDEMPOTENCY_KEY_LENGTH,
        `value length must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
      );
      check.assert();
      const items = req.items.map((i) => ({ sku: i.sku, count: BigInt(i.count) }));
      const orderId = await createOrder(deps, { userId: req.userId, items, idempotencyKey });
      return create(OrderCreateResponseSchema, { orderId });
    },

    async orderInfo(req) {
      validateRequest('OrderInfoRequest').positive('order_id', req.orderId).assert();
      const order = await getOrderInfo(deps, req.orderId);
      return create(OrderInfoResponseSchema, {
        status: order.status,
        userId: order.userId,
        items: order.items.map((i) => create(ItemSchema, { sku: i.sku, count: Number(i.count) })),
      });
    },

    async orderPay(req) {
      validateRequest('OrderPayRequest').positive('order_id', req.orderId).assert();
      await payOrder(deps, req.orderId);
      return create(OrderPayResponseSchema);
    },

    async orderCancel(req) {
      validateRequest('OrderCancelRequest').positive('order_id', req.orderId).assert();
      await cancelOrder(deps, req.orderId);
      return create(OrderCancelResponseSchema);
    },

    async stocksInfo(req) {
      validateRequest('StocksInfoRequest').positive('sku', req.sku).assert();
      const count = await getStockInfo(deps, req.sku);
      return create(StocksInfoResponseSchema, { count: Number(count) });
    },

    async stockSet(req) {
      validateRequest('StockSetRequest').positive('sku', req.sku).assert();
      await setStock(deps, req.sku, BigInt(req.totalCount));
      return create(StockSetResponseSchema);
    },
  } satisfies ServiceImpl<typeof LomsService>;
}
