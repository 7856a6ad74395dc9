import type { Executor } from '@marketplace/platform';
import type { IdempotencyRepository } from '../app/ports.ts';
import type { LomsDatabase } from './schema.ts';

export function createIdempotencyRepository(db: Executor<LomsDatabase>): IdempotencyRepository {
  return {
    async claim(key, requestHash, at) {
      // A concurrent claim of the same key waits here until the first transaction ends.
      const row = await db
        .insertInto('idempotency_keys')
        .values({ key, request_hash: requestHash, created_at: at })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .executeTakeFirst();
      return row !== undefined;
    },

    async find(key) {
      const row = await db
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'order_id', 'error'])
        .where('key', '=', key)
        .executeTakeFirst();
      return row && { requestHash: row.request_hash, orderId: row.order_id, error: row.error };
    },

    async complete(key, orderId, error) {
      await db
        .updateTable('idempotency_keys')
        .set({ order_id: orderId, error })
        .where('key', '=', key)
        .execute();
    },

    async deleteOlderThan(before, limit) {
      // Bounded by the created_at index; keys another cleanup is deleting are left to it.
      const result = await db
        .deleteFrom('idempotency_keys')
        .where('key', 'in', (eb) =>
          eb
            .selectFrom('idempotency_keys')
            .select('key')
            .where('created_at', '<', before)
            .orderBy('created_at')
            .limit(limit)
            .forUpdate()
            .skipLocked(),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
