import type { Executor } from '@marketplace/platform';
import type { CommentsDatabase } from './schema.ts';

/**
 * Stamps a shard database with its shard number on first use and checks the stamp afterwards, so
 * a database listed at the wrong place in SHARD_URLS is refused before anything is written to it.
 */
export async function claimShardIndex(
  db: Executor<CommentsDatabase>,
  shardIndex: number,
  databaseName: string,
): Promise<void> {
  await db
    .insertInto('shard_identity')
    .values({ shard_index: shardIndex })
    .onConflict((oc) => oc.column('singleton').doNothing())
    .execute();
  const { shard_index: stamped } = await db
    .selectFrom('shard_identity')
    .select('shard_index')
    .executeTakeFirstOrThrow();
  if (stamped !== shardIndex) {
    throw new Error(
      `SHARD_URLS: database ${databaseName} is shard ${stamped} but is listed as shard ${shardIndex}; keep shards in their original order and append new ones`,
    );
  }
}
