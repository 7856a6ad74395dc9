import { createDatabase } from '@marketplace/platform';
import { Kysely, PostgresDialect } from 'kysely';
import type { CommentsDeps } from '../../src/app/ports.ts';
import { createShardMap, slotOfSku } from '../../src/domain/sharding.ts';
import type { CommentsDatabase } from '../../src/infra/schema.ts';
import { createShardedStore } from '../../src/infra/sharded-store.ts';
import { createShardTestDatabases } from './shard-test-databases.ts';
import { createTestClock } from './test-clock.ts';

export interface Statement {
  shard: number;
  sql: string;
  parameters: readonly unknown[];
}

/**
 * Throwaway shard databases with the use cases' dependencies wired to them, a test clock, an edit
 * window of 1s, and every SQL statement each shard ran (in `statements`).
 */
export async function createCommentsTestDb(shardCount = 2) {
  const databases = await createShardTestDatabases(shardCount);
  const statements: Statement[] = [];
  const dbs = databases.urls.map((url, shard) => {
    const { pool } = createDatabase<CommentsDatabase>({ url, maxConnections: 20 });
    return new Kysely<CommentsDatabase>({
      dialect: new PostgresDialect({ pool }),
      log: (event) => {
        statements.push({ shard, sql: event.query.sql, parameters: event.query.parameters });
      },
    });
  });
  const clock = createTestClock();
  const deps: CommentsDeps = { store: createShardedStore(dbs), clock, editWindowMs: 1_000 };
  const shardMap = createShardMap(shardCount);
  return {
    urls: databases.urls,
    dbs,
    deps,
    clock,
    statements,
    /** The shard number holding `sku`'s comments. */
    shardOfSku: (sku: bigint) => shardMap.shardOfSlot(slotOfSku(sku)),
    async close() {
      await Promise.all(dbs.map((db) => db.destroy()));
      await databases.drop();
    },
  };
}

export type CommentsTestDb = Awaited<ReturnType<typeof createCommentsTestDb>>;
