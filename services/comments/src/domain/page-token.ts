import {
  decodePageToken as decodeToken,
  encodePageToken as encodeToken,
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
 * An opaque next_page_token of `[sku, createdAt ms, userId, id]`. The sku ties the token to its list,
 * so a token cannot silently page through another sku.
 */
export function encodePageToken(sku: bigint, cursor: CommentCursor): string {
  return encodeToken([sku, cursor.createdAt.getTime(), cursor.userId, cursor.id]);
}

/** The cursor in `token`, or undefined when it is not a token this service made for `sku`. */
export function decodePageToken(token: string, sku: bigint): CommentCursor | undefined {
  const fields = decodeToken(token, 4);
  if (!fields || tokenInt64(fields[0]) !== sku) return undefined;
  return cursorOf(fields[1], tokenInt64(fields[2]), fields[3]);
}

/**
 * An opaque next_page_token of a user's list: `["user", userId, createdAt ms, id]`. It names its
 * user, and its first field tells it apart from a sku's token.
 */
export function encodeUserPageToken(userId: bigint, cursor: CommentCursor): string {
  return encodeToken(['user', userId, cursor.createdAt.getTime(), cursor.id]);
}

/** The cursor in `token`, or undefined when it is not a token this service made for `userId`'s list. */
export function decodeUserPageToken(token: string, userId: bigint): CommentCursor | undefined {
  const fields = decodeToken(token, 4);
  if (fields?.[0] !== 'user' || tokenInt64(fields[1]) !== userId) return undefined;
  return cursorOf(fields[2], userId, fields[3]);
}

function cursorOf(ms: unknown, userId: bigint | undefined, id: unknown): CommentCursor | undefined {
  const millis = tokenMillis(ms);
  const commentId = tokenInt64(id);
  if (millis === undefined || userId === undefined || commentId === undefined) return undefined;
  return { createdAt: new Date(millis), userId, id: commentId };
}
