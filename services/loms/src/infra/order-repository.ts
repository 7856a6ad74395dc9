import type { Executor } from '@marketplace/platform';
import { isOrderStatusName } from '@marketplace/platform/order-event';
import { sql } from 'kysely';
import type { OrderRepository } from '../app/ports.ts';
import type { Order } from '../domain/order.ts';
import type { ListedOrder } from '../domain/order-page.ts';
import type { LomsDatabase } from './schema.ts';

export function createOrderRepository(db: Executor<LomsDatabase>): OrderRepository {
  /** The items of these orders, by order, then sku. */
  const itemsOf = (orderIds: bigint[]) =>
    db
      .selectFrom('order_items')
      .select(['order_id', 'sku', 'count'])
      .where('order_id', 'in', orderIds)
      .orderBy('order_id')
      .orderBy('sku')
      .execute();
  return {
    async nextId() {
      const { rows } = await sql<{ id: bigint }>`SELECT nextval('orders_id_seq') AS id`.execute(db);
      return rows[0]!.id;
    },

    async insert({ id, userId, status, items }, at) {
      // One statement (one round trip) for the order and its items.
      await sql`
        WITH o AS (
          INSERT INTO orders (id, user_id, status, created_at, status_changed_at)
          VALUES (${id}, ${userId}, ${status}, ${at}, ${at}) RETURNING id
        )
        INSERT INTO order_items (order_id, sku, count)
        SELECT o.id, v.sku, v.count
        FROM o, unnest(${items.map((i) => i.sku)}::bigint[], ${items.map((i) => i.count)}::bigint[]) AS v (sku, count)`.execute(
        db,
      );
    },

    async find(orderId, options) {
      // The order and its items in one statement; a lock takes the order's row only.
      let query = db
        .selectFrom('orders as o')
        .leftJoin('order_items as i', 'i.order_id', 'o.id')
        .select(['o.id', 'o.user_id', 'o.status', 'i.sku', 'i.count'])
        .where('o.id', '=', orderId)
        .orderBy('i.sku');
      if (options?.lock) query = query.forUpdate(['o']);
      const rows = await query.execute();
      const order = rows[0];
      if (!order) return undefined;
      if (!isOrderStatusName(order.status))
        throw new Error(`order ${orderId} has unknown status ${order.status}`);
      const items = rows.flatMap(({ sku, count }) =>
        sku === null || count === null ? [] : [{ sku, count }],
      );
      return { id: order.id, userId: order.user_id, status: order.status, items };
    },

    async setStatus(orderIds, status, at) {
      if (orderIds.length === 0) return;
      await db
        .updateTable('orders')
        .set({ status, status_changed_at: at })
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
      const items = await itemsOf(orders.map((o) => o.id));
      const byOrder = new Map<bigint, Order>(
        orders.map(({ id, user_id }) => [id, { id, userId: user_id, status: 'awaiting payment', items: [] }]),
      );
      for (const { order_id, sku, count } of items) byOrder.get(order_id)?.items.push({ sku, count });
      return [...byOrder.values()];
    },

    async listByUser(userId, { after, limit }) {
      let query = db
        .selectFrom('orders')
        .select([
          'id',
          'status',
          sql<bigint>`(extract(epoch from created_at) * 1000000)::bigint`.as('created_us'),
        ])
        .where('user_id', '=', userId);
      if (after) {
        // A range scan of orders_user_created_idx from the cursor, in its (created_at DESC, id DESC) order.
        const at = sql`${timestampText(after.createdAtUs)}::timestamptz`;
        query = query.where(sql<boolean>`(created_at, id) < (${at}, ${after.id})`);
      }
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      if (rows.length === 0) return [];
      const items = await itemsOf(rows.map((o) => o.id));
      const byOrder = new Map<bigint, ListedOrder>();
      for (const { id, status, created_us } of rows) {
        if (!isOrderStatusName(status)) throw new Error(`order ${id} has unknown status ${status}`);
        byOrder.set(id, { id, userId, status, items: [], createdAtUs: created_us });
      }
      for (const { order_id, sku, count } of items) byOrder.get(order_id)?.items.push({ sku, count });
      return [...byOrder.values()];
    },
  };
}

/** A time in microseconds since the epoch as exact timestamptz text (a Date holds only milliseconds). */
function timestampText(us: bigint): string {
  const iso = new Date(Number(us / 1000n)).toISOString();
  return `${iso.slice(0, -1)}${(us % 1000n).toString().padStart(3, '0')}Z`;
}
