import { randomUUID } from 'node:crypto';
import { createDatabase } from '@marketplace/platform';
import { createTestDatabase } from '@marketplace/testkit';
import { sql } from 'kysely';
import type { LomsDeps } from '../../src/app/ports.ts';
import { LOMS_MIGRATIONS } from '../../src/infra/migrations.ts';
import type { LomsDatabase } from '../../src/infra/schema.ts';
import { createPostgresStore } from '../../src/infra/store.ts';

/**
 * A migrated throwaway LOMS database with the use cases' dependencies wired to it. Its outbox
 * events name `orderEventsTopic`, never the stack's topic, so a relay under test cannot reach it.
 */
export async function createLomsTestDb({ orderEventsTopic = 'loms.order-events.test' } = {}) {
  const testDb = await createTestDatabase('loms', LOMS_MIGRATIONS);
  const database = createDatabase<LomsDatabase>({ url: testDb.url, maxConnections: 20 });
  const clock = { current: new Date('2026-11-21T10:00:00.000Z'), now: () => clock.current };
  const deps: LomsDeps = {
    store: createPostgresStore(database.db, { orderEventsTopic }),
    clock,
    newEventId: randomUUID,
    metrics: { committed: () => {}, storedUnchecked: () => {} },
  };
  const db = database.db;
  return {
    url: testDb.url,
    db,
    deps,
    clock,
    async addStock(sku: bigint, totalCount: bigint, reserved = 0n) {
      await db.insertInto('stocks').values({ sku, total_count: totalCount, reserved }).execute();
    },
    async stock(sku: bigint) {
      const row = await db.selectFrom('stocks').selectAll().where('sku', '=', sku).executeTakeFirstOrThrow();
      return { total: row.total_count, reserved: row.reserved };
    },
    async events(orderId?: bigint) {
      let query = db.selectFrom('outbox').selectAll().orderBy('id');
      if (orderId !== undefined) query = query.where('key', '=', orderId.toString());
      return query.execute();
    },
    async orderCount() {
      const { count } = await db
        .selectFrom('orders')
        .select(sql<bigint>`count(*)`.as('count'))
        .executeTakeFirstOrThrow();
      return Number(count);
    },
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

export type LomsTestDb = Awaited<ReturnType<typeof createLomsTestDb>>;
