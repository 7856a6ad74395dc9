import {
  FailedPreconditionError,
  NotFoundError,
  PermissionDeniedError,
  UnavailableError,
} from '@marketplace/platform';

export class CommentNotFoundError extends NotFoundError {
  constructor(commentId: bigint) {
    super(`comment ${commentId} not found`);
  }
}

export class NotCommentAuthorError extends PermissionDeniedError {
  constructor(commentId: bigint, userId: bigint) {
    super(`user ${userId} is not the author of comment ${commentId}: only the author may edit it`);
  }
}

export class EditWindowClosedError extends FailedPreconditionError {
  constructor(commentId: bigint, windowMs: number) {
    super(`comment ${commentId} can no longer be edited: its ${windowMs / 1000}s edit window has passed`);
  }
}

/** A write to a slot its shard is giving away (a shard is being added): retry shortly. */
export class SlotMovingError extends UnavailableError {
  constructor(slot: number) {
    super(
      `comments of slot ${slot} are moving to a new shard: writes to them are paused until the service runs with the new shard list; retry shortly`,
    );
  }
}
