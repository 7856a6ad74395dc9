import { create } from '@bufbuild/protobuf';
import { TimestampSchema } from '@bufbuild/protobuf/wkt';
import { listPage } from '@marketplace/platform';
import {
  ItemSchema,
  type OrderListRequest,
  type OrderListResponse,
  OrderListResponseSchema,
} from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { listOrders } from '../app/list-orders.ts';
import type { LomsDeps } from '../app/ports.ts';
import { orderPageTokens } from '../domain/order-page.ts';

/** OrderList: listPage checks the page token is this user's (the proto rules cannot say whose token it is). */
export async function answerOrderList(deps: LomsDeps, req: OrderListRequest): Promise<OrderListResponse> {
  const page = await listPage(req, orderPageTokens(req.userId), (range) =>
    listOrders(deps, { userId: req.userId, ...range }),
  );
  return create(OrderListResponseSchema, {
    orders: page.orders.map((order) => ({
      orderId: order.id,
      status: order.status,
      items: order.items.map((i) => create(ItemSchema, { sku: i.sku, count: Number(i.count) })),
      createdAt: create(TimestampSchema, {
        seconds: order.createdAtUs / 1_000_000n,
        nanos: Number(order.createdAtUs % 1_000_000n) * 1_000,
      }),
    })),
    nextPageToken: page.nextPageToken,
  });
}
