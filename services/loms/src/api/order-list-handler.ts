import { create } from '@bufbuild/protobuf';
import { TimestampSchema } from '@bufbuild/protobuf/wkt';
import { readPageCursor } from '@marketplace/platform';
import {
  ItemSchema,
  type OrderListRequest,
  type OrderListResponse,
  OrderListResponseSchema,
} from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { listOrders } from '../app/list-orders.ts';
import type { LomsDeps } from '../app/ports.ts';
import { decodeOrderPageToken, encodeOrderPageToken } from '../domain/order-page.ts';

/** OrderList: the page token is checked here (the proto rules cannot say whose token it is). */
export async function answerOrderList(deps: LomsDeps, req: OrderListRequest): Promise<OrderListResponse> {
  const after = readPageCursor(
    'OrderListRequest',
    req.pageToken,
    (token) => decodeOrderPageToken(token, req.userId),
    'user',
  );
  const page = await listOrders(deps, { userId: req.userId, pageSize: req.pageSize, after });
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
    nextPageToken: page.next ? encodeOrderPageToken(req.userId, page.next) : '',
  });
}
