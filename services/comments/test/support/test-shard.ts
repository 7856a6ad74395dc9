import { createDatabase } from '@marketplace/platform';
import { createTestDatabase } from '@marketplace/testkit';
import type { CommentsDeps } from '../../src/app/ports.ts';
import { COMMENTS_MIGRATIONS } from '../../src/infra/migrations.ts';
import type { CommentsDatabase } from '../../src/infra/schema.ts';
import { createShardedStore } from '../../src/infra/sharded-store.ts';
import type { CommentsTestDb } from './comments-test-db.ts';

/** A migrated throwaway shard after `t`'s, and the use cases wired to the grown list. */
export async function addTestShard(t: CommentsTestDb) {
  const database = await createTestDatabase('comments', COMMENTS_MIGRATIONS);
  const db = createDatabase<CommentsDatabase>({ url: database.url, maxConnections: 5 }).db;
  const dbs = [...t.dbs, db];
  const deps: CommentsDeps = { ...t.deps, store: createShardedStore(dbs) };
  return {
    /** The new shard. */
    db,
    /** Every shard, the new one last. */
    dbs,
    deps,
    async drop() {
      await db.destroy();
      await database.drop();
    },
  };
}

export type TestShard = Awaited<ReturnType<typeof addTestShard>>;
