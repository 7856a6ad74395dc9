import type { Executor } from '@marketplace/platform';
import { sql } from 'kysely';
import type { CartRepository } from '../app/ports.ts';
import { type CartItem, MAX_ITEM_COUNT } from '../domain/cart.ts';
import type { CartDatabase } from './schema.ts';

export function createCartRepository(db: Executor<CartDatabase>): CartRepository {
  return {
    async find(userId) {
      // One statement, so the revision and the items come from the same snapshot.
      const rows = await db
        .selectFrom('carts')
        .leftJoin('cart_items', 'cart_items.user_id', 'carts.user_id')
        .select(['carts.cart_id', 'carts.revision', 'cart_items.sku', 'cart_items.count'])
        .where('carts.user_id', '=', userId)
        .orderBy('cart_items.sku')
        .execute();
      const first = rows[0];
      if (!first) return undefined;
      const items: CartItem[] = [];
      for (const row of rows) {
        if (row.sku !== null && row.count !== null) items.push({ sku: row.sku, count: Number(row.count) });
      }
      return { userId, cartId: first.cart_id, revision: first.revision, items };
    },

    async touch(userId) {
      await db
        .insertInto('carts')
        .values({ user_id: userId, revision: 1n })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({
            revision: sql`carts.revision + 1`,
            updated_at: sql`now()`,
          }),
        )
        .execute();
    },

    async lock(userId) {
      const row = await db
        .selectFrom('carts')
        .select('user_id')
        .where('user_id', '=', userId)
        .forUpdate()
        .executeTakeFirst();
      return row !== undefined;
    },

    async bumpRevision(userId, expected) {
      let query = db
        .updateTable('carts')
        .set({ revision: sql`revision + 1`, updated_at: sql`now()` })
        .where('user_id', '=', userId);
      if (expected !== undefined) query = query.where('revision', '=', expected);
      const result = await query.executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async addItem(userId, { sku, count }) {
      // One statement: concurrent adds of the same sku each add their count; the bound is checked
      // on the summed value, so an add that would overflow changes nothing.
      const row = await db
        .insertInto('cart_items')
        .values({ user_id: userId, sku, count: BigInt(count) })
        .onConflict((oc) =>
          oc
            .columns(['user_id', 'sku'])
            .doUpdateSet({ count: sql`cart_items.count + excluded.count` })
            .where(sql<boolean>`cart_items.count + excluded.count <= ${MAX_ITEM_COUNT}`),
        )
        .returning('count')
        .executeTakeFirst();
      return row && Number(row.count);
    },

    async removeItem(userId, sku) {
      const result = await db
        .deleteFrom('cart_items')
        .where('user_id', '=', userId)
        .where('sku', '=', sku)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async clearItems(userId) {
      const result = await db.deleteFrom('cart_items').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async recordCheckout({ userId, revision, orderId, items }) {
      const inserted = await db
        .insertInto('checkouts')
        .values({
          user_id: userId,
          revision,
          order_id: orderId,
          skus: items.map((item) => item.sku),
          counts: items.map((item) => BigInt(item.count)),
        })
        .onConflict((oc) => oc.columns(['user_id', 'revision']).doNothing())
        .returning('order_id')
        .executeTakeFirst();
      if (inserted) return { orderId: inserted.order_id, recorded: true };
      const earlier = await db
        .selectFrom('checkouts')
        .select('order_id')
        .where('user_id', '=', userId)
        .where('revision', '=', revision)
        .executeTakeFirstOrThrow();
      return { orderId: earlier.order_id, recorded: false };
    },

    async takeOut(userId, items) {
      const ordered = sql`unnest(${items.map((i) => i.sku)}::bigint[], ${items.map((i) => BigInt(i.count))}::bigint[]) AS ordered (sku, count)`;
      // Two statements, each on one row per sku: the caller holds the cart's lock, so nothing changes
      // the items in between.
      const removed = await sql`
        DELETE FROM cart_items USING ${ordered}
        WHERE cart_items.user_id = ${userId} AND cart_items.sku = ordered.sku
          AND cart_items.count <= ordered.count`.execute(db);
      const reduced = await sql`
        UPDATE cart_items SET count = cart_items.count - ordered.count FROM ${ordered}
        WHERE cart_items.user_id = ${userId} AND cart_items.sku = ordered.sku`.execute(db);
      return Number((removed.numAffectedRows ?? 0n) + (reduced.numAffectedRows ?? 0n));
    },
  };
}
