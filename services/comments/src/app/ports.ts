import type { Comment } from '../domain/comment.ts';
import type { CommentCursor } from '../domain/page-token.ts';

export type NewComment = Omit<Comment, 'id'>;

/** Which part of a list to read: after a cursor (exclusive) and at most `limit` comments. */
export interface ListRange {
  after?: CommentCursor;
  limit: number;
}

/** What one shard read of a user's list. */
export interface UserListSlice {
  /** The user's comments this shard owns, in `newestFirst` order. */
  comments: Comment[];
  /**
   * The last row read when the shard read `limit` rows (owned or not): it may hold more after it.
   * Absent when the shard read everything after the cursor.
   */
  readTo?: Comment;
}

/** The comments of one shard. Every list is in `newestFirst` order. */
export interface CommentShard {
  /** Stores a comment under a new id made of this shard's sequence and `slot`; returns the id. */
  insert(comment: NewComment, slot: number): Promise<bigint>;
  find(id: bigint): Promise<Comment | undefined>;
  /**
   * Replaces the text, in one conditional statement, when `userId` wrote the comment after
   * `createdAfter`; false when any condition fails (or the comment is not there).
   */
  updateText(id: bigint, userId: bigint, text: string, createdAfter: Date): Promise<boolean>;
  listBySku(sku: bigint, range: ListRange): Promise<Comment[]>;
  listByUser(userId: bigint, range: ListRange): Promise<UserListSlice>;
}

/** All shards, and which one holds a slot (see domain/sharding.ts). */
export interface CommentStore {
  shardOf(slot: number): CommentShard;
  readonly shards: readonly CommentShard[];
}

export interface Clock {
  now(): Date;
}

export interface CommentsDeps {
  store: CommentStore;
  clock: Clock;
  /** How long after its creation a comment may be edited. */
  editWindowMs: number;
}
