import type { Executor } from '@marketplace/platform';
import type { OrderRepository } from '../app/ports.ts';
import type { Order } from '../domain/order.ts';
import { isOrderStatus } from '../domain/order-status.ts';
import type { LomsDatabase } from './schema.ts';

export function createOrderRepository(db: Executor<LomsDatabase>): OrderRepository {
  return {
    async insert({ userId, status, items }) {
      const { id } = await db
        .insertInto('orders')
        .values({ user_id: userId, status })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('order_items')
        .values(items.map((i) => ({ order_id: id, sku: i.sku, count: i.count })))
        .execute();
      return id;
    },

    async find(orderId, options) {
      let query = db.selectFrom('orders').select(['id', 'user_id', 'status']).where('id', '=', orderId);
      if (options?.lock) query = query.forUpdate();
      const order = await query.executeTakeFirst();
      if (!order) return undefined;
      if (!isOrderStatus(order.status))
        throw new Error(`order ${orderId} has unknown status ${order.status}`);
      const items = await db
        .selectFrom('order_items')
        .select(['sku', 'count'])
        .where('order_id', '=', orderId)
        .orderBy('sku')
        .execute();
      return { id: order.id, userId: order.user_id, status: order.status, items };
    },

    async setStatus(orderId, status) {
      await db
        .updateTable('orders')
        .set({ status, status_changed_at: new Date() })
        .where('id', '=', orderId)
        .execute();
    },

    async setStatusOfAll(orderIds, status) {
      if (orderIds.length === 0) return;
      await db
        .updateTable('orders')
        .set({ status, status_changed_at: new Date() })
        .where('id', 'in', [...orderIds])
        .execute();
    },

    async lockExpired(before, limit) {
      const orders = await db
        .selectFrom('orders')
        .select(['id', 'user_id'])
        .where('status', '=', 'awaiting payment')
        .where('status_changed_at', '<', before)
        .orderBy('status_changed_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      if (orders.length === 0) return [];
      const items = await db
        .selectFrom('order_items')
        .select(['order_id', 'sku', 'count'])
        .where(
          'order_id',
          'in',
          orders.map((o) => o.id),
        )
        .orderBy('order_id')
        .orderBy('sku')
        .execute();
      const byOrder = new Map<bigint, Order>(
        orders.map(({ id, user_id }) => [id, { id, userId: user_id, status: 'awaiting payment', items: [] }]),
      );
      for (const { order_id, sku, count } of items) byOrder.get(order_id)?.items.push({ sku, count });
      return [...byOrder.values()];
    },
  };
}
