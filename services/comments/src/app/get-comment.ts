import type { Comment } from '../domain/comment.ts';
import { CommentNotFoundError } from '../domain/errors.ts';
import { slotOfCommentId } from '../domain/sharding.ts';
import type { CommentsDeps } from './ports.ts';

/** One comment, read from the one shard its id names. */
export async function getComment(deps: CommentsDeps, id: bigint): Promise<Comment> {
  const comment = await deps.store.shardOf(slotOfCommentId(id)).find(id);
  if (!comment) throw new CommentNotFoundError(id);
  return comment;
}
