import { type Comment, newestFirst } from '../domain/comment.ts';
import type { CommentsDeps } from './ports.ts';

/** A user's comments on every sku, newest first: all shards are asked at once and merged. */
export async function listCommentsByUser(deps: CommentsDeps, userId: bigint): Promise<Comment[]> {
  const perShard = await Promise.all(deps.store.shards.map((shard) => shard.listByUser(userId)));
  return perShard.flat().sort(newestFirst);
}
