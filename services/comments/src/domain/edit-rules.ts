import type { Comment } from './comment.ts';
import { CommentNotFoundError, EditWindowClosedError, NotCommentAuthorError } from './errors.ts';

export interface EditAttempt {
  commentId: bigint;
  userId: bigint;
  now: Date;
}

/**
 * Why `attempt` may not edit `comment`, or undefined when it may: the comment must exist, the user
 * must be its author, and the edit must come before the deadline (at the deadline it is too late).
 */
export function editRefusal(
  comment: Comment | undefined,
  attempt: EditAttempt,
  editWindowMs: number,
): Error | undefined {
  if (!comment) return new CommentNotFoundError(attempt.commentId);
  if (comment.userId !== attempt.userId) return new NotCommentAuthorError(comment.id, attempt.userId);
  if (attempt.now.getTime() >= comment.createdAt.getTime() + editWindowMs)
    return new EditWindowClosedError(comment.id, editWindowMs);
  return undefined;
}
