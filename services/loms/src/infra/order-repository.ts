import type { Executor } from '@marketplace/platform';
import { isOrderStatusName } from '@marketplace/platform/order-event';
import { type OperationNodeSource, sql } from 'kysely';
import type { OrderRepository } from '../app/ports.ts';
import type { Order } from '../domain/order.ts';
import type { ListedOrder } from '../domain/order-page.ts';
import type { OrderStatus } from '../domain/order-status.ts';
import type { Stock } from '../domain/stock.ts';
import type { LomsDatabase } from './schema.ts';

interface OrderRow {
  id: bigint;
  user_id: bigint;
  status: string;
  sku: bigint | null;
  count: bigint | null;
}

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
  /** The order with its items in sku order; `lockWithStock` as OrderRepository says. */
  const findOrder = async (orderId: bigint, lockWithStock: boolean) => {
    // The stock rows are found through the locked order row, so they are locked after it.
    const query = lockWithStock
      ? sql<OrderRow>`
        WITH o AS MATERIALIZED (SELECT id, user_id, status FROM orders WHERE id = ${orderId} FOR UPDATE),
        s AS MATERIALIZED (
          SELECT sku FROM stocks
          WHERE sku IN (SELECT sku FROM order_items WHERE order_id IN (SELECT id FROM o))
          ORDER BY sku FOR UPDATE
        )
        SELECT o.id, o.user_id, o.status, i.sku, i.count, (SELECT count(*) FROM s) AS stock_rows_locked
        FROM o LEFT JOIN order_items i ON i.order_id = o.id ORDER BY i.sku`
      : sql<OrderRow>`
        SELECT o.id, o.user_id, o.status, i.sku, i.count
        FROM orders o LEFT JOIN order_items i ON i.order_id = o.id WHERE o.id = ${orderId} ORDER BY i.sku`;
    const { rows } = await query.execute(db);
    const order = rows[0];
    if (!order) return undefined;
    if (!isOrderStatusName(order.status))
      throw new Error(`order ${orderId} has unknown status ${order.status}`);
    const items = rows.flatMap(({ sku, count }) => (sku === null || count === null ? [] : [{ sku, count }]));
    return { id: order.id, userId: order.user_id, status: order.status, items };
  };
  return {
    async startNew(skus) {
      // The sequence's CTE runs once (nextval is volatile); the stock rows are locked in sku order.
      const { rows } = await sql<{ id: bigint; sku: bigint | null; total_count: bigint; reserved: bigint }>`
        WITH next AS MATERIALIZED (SELECT nextval('orders_id_seq') AS id),
        locked AS MATERIALIZED (
          SELECT sku, total_count, reserved FROM stocks
          WHERE sku = ANY(${[...skus]}::bigint[]) ORDER BY sku FOR UPDATE
        )
        SELECT next.id, locked.sku, locked.total_count, locked.reserved FROM next LEFT JOIN locked ON true`.execute(
        db,
      );
      const stocks = new Map<bigint, Stock>();
      for (const { sku, total_count, reserved } of rows)
        if (sku !== null) stocks.set(sku, { sku, totalCount: total_count, reserved });
      return { id: rows[0]!.id, stocks };
    },

    find: (orderId) => findOrder(orderId, false),

    lockWithStock: (orderId) => findOrder(orderId, true),

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

/** The statements that store a new order and its items (see executeAsOneStatement). */
export function insertOrderStatements(
  db: Executor<LomsDatabase>,
  { id, userId, status, items }: Order,
  at: Date,
): OperationNodeSource[] {
  return [
    db.insertInto('orders').values({ id, user_id: userId, status, created_at: at, status_changed_at: at }),
    // The foreign key to the order is checked at the end of the statement, when the order is in.
    sql`INSERT INTO order_items (order_id, sku, count)
      SELECT ${id}, v.sku, v.count
      FROM unnest(${items.map((i) => i.sku)}::bigint[], ${items.map((i) => i.count)}::bigint[]) AS v (sku, count)`,
  ];
}

/** The statement that moves orders to `status` at `at`. */
export function setStatusStatement(
  db: Executor<LomsDatabase>,
  orderIds: readonly bigint[],
  status: OrderStatus,
  at: Date,
): OperationNodeSource {
  return db
    .updateTable('orders')
    .set({ status, status_changed_at: at })
    .where('id', '=', sql<bigint>`ANY(${[...orderIds]}::bigint[])`);
}
