import type { Executor } from '@marketplace/platform';
import type { OrderRepository } from '../app/ports.ts';
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

    async findAwaitingPaymentSince(before, limit) {
      const rows = await db
        .selectFrom('orders')
        .select('id')
        .where('status', '=', 'awaiting payment')
        .where('status_changed_at', '<', before)
        .orderBy('status_changed_at')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },
  };
}
