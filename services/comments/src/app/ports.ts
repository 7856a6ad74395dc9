import type { Comment } from '../domain/comment.ts';
import type { CommentCursor } from '../domain/page-token.ts';

export type NewComment = Omit<Comment, 'id'>;

/** Which part of a sku's list to read: after a cursor (exclusive) and at most `limit` comments. */
export interface SkuListRange {
  after?: CommentCursor;
  limit?: number;
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
  listBySku(sku: bigint, range: SkuListRange): Promise<Comment[]>;
  listByUser(userId: bigint): Promise<Comment[]>;
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
