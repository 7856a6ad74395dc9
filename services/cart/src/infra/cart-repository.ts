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
  };
}
