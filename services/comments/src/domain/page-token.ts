import {
  decodePageToken,
  encodePageToken,
  type PageTokens,
  tokenInt64,
  tokenMillis,
} from '@marketplace/platform';
import type { Comment } from './comment.ts';

/** Largest `page_size` a client may ask for. */
export const MAX_PAGE_SIZE = 100;
/** Most comments in one answer when the client gives no `page_size` (0). */
export const UNPAGED_LIMIT = 1_000;

/** The page size a request means: its `page_size`, or {@link UNPAGED_LIMIT} for 0. */
export function pageLimit(pageSize: number): number {
  return pageSize === 0 ? UNPAGED_LIMIT : pageSize;
}

/** Where a page of comments ended: the sort key of its last comment. */
export interface CommentCursor {
  createdAt: Date;
  userId: bigint;
  id: bigint;
}

export function cursorAfter(comment: Comment): CommentCursor {
  return { createdAt: comment.createdAt, userId: comment.userId, id: comment.id };
}

/**
 * The page tokens of a sku's comments: opaque next_page_tokens of `[sku, createdAt ms, userId, id]`.
 * The sku ties a token to its list, so a token cannot silently page through another sku.
 */
export function skuPageTokens(sku: bigint): PageTokens<CommentCursor> {
  return {
    owner: 'sku',
    encode: (cursor) => encodePageToken([sku, cursor.createdAt.getTime(), cursor.userId, cursor.id]),
    decode(token) {
      const fields = decodePageToken(token, 4);
      if (!fields || tokenInt64(fields[0]) !== sku) return undefined;
      return cursorOf(fields[1], tokenInt64(fields[2]), fields[3]);
    },
  };
}

/**
 * The page tokens of a user's comments: `["user", userId, createdAt ms, id]`. A token names its
 * user, and its first field tells it apart from a sku's token.
 */
export function userPageTokens(userId: bigint): PageTokens<CommentCursor> {
  return {
    owner: 'user',
    encode: (cursor) => encodePageToken(['user', userId, cursor.createdAt.getTime(), cursor.id]),
    decode(token) {
      const fields = decodePageToken(token, 4);
      if (fields?.[0] !== 'user' || tokenInt64(fields[1]) !== userId) return undefined;
      return cursorOf(fields[2], userId, fields[3]);
    },
  };
}

function cursorOf(ms: unknown, userId: bigint | undefined, id: unknown): CommentCursor | undefined {
  const millis = tokenMillis(ms);
  const commentId = tokenInt64(id);
  if (millis === undefined || userId === undefined || commentId === undefined) return undefined;
  return { createdAt: new Date(millis), userId, id: commentId };
}
