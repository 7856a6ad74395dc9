import { editRefusal } from '../domain/edit-rules.ts';
import { slotOfCommentId } from '../domain/sharding.ts';
import type { CommentsDeps } from './ports.ts';

export interface EditCommentInput {
  userId: bigint;
  commentId: bigint;
  text: string;
}

/**
 * Replaces a comment's text when the user is its author and the edit window is still open. The
 * update checks both itself; only when it changes nothing is the comment read, to say why. That
 * read cannot be misled by a concurrent write: author and creation time never change.
 */
export async function editComment(deps: CommentsDeps, input: EditCommentInput): Promise<void> {
  const shard = deps.store.shardOf(slotOfCommentId(input.commentId));
  const now = deps.clock.now();
  const createdAfter = new Date(now.getTime() - deps.editWindowMs);
  if (await shard.updateText(input.commentId, input.userId, input.text, createdAfter)) return;
  const attempt = { commentId: input.commentId, userId: input.userId, now };
  throw (
    editRefusal(await shard.find(input.commentId), attempt, deps.editWindowMs) ??
    new Error(`comment ${input.commentId} was editable but the update changed nothing`)
  );
}
