import type { Kysely } from 'kysely';
import type { CommentShard, CommentStore } from '../app/ports.ts';
import { createShardMap, type ShardMap, slotOfCommentId } from '../domain/sharding.ts';
import { createCommentRepository } from './comment-repository.ts';
import type { CommentsDatabase } from './schema.ts';

/** The app's CommentStore over the shard databases, given in shard order (index = shard number). */
export function createShardedStore(shardDbs: ReadonlyArray<Kysely<CommentsDatabase>>): CommentStore {
  const map = createShardMap(shardDbs.length);
  const shards = shardDbs.map((db, index) => ownedRowsOnly(createCommentRepository(db), index, map));
  return { shards, shardOf: (slot) => shards[map.shardOfSlot(slot)]! };
}

/**
 * Leaves out of a shard's user listing the rows of slots it no longer owns: copies a shard move
 * leaves behind until its cleanup. Every other query is routed by slot, so only reaches owners.
 * How far the shard read (`readTo`) stays as it was: rows left out still count as read.
 */
function ownedRowsOnly(shard: CommentShard, index: number, map: ShardMap): CommentShard {
  return {
    ...shard,
    async listByUser(userId, range) {
      const slice = await shard.listByUser(userId, range);
      const comments = slice.comments.filter((c) => map.shardOfSlot(slotOfCommentId(c.id)) === index);
      return { ...slice, comments };
    },
  };
}
