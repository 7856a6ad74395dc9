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
 * An opaque next_page_token: base64url of `[sku, createdAt ms, userId, id]`. The sku ties the token
 * to its list, so a token cannot silently page through another sku.
 */
export function encodePageToken(sku: bigint, cursor: CommentCursor): string {
  const fields = [sku.toString(), cursor.createdAt.getTime(), cursor.userId.toString(), cursor.id.toString()];
  return Buffer.from(JSON.stringify(fields)).toString('base64url');
}

const MAX_INT64 = 2n ** 63n - 1n;
const isId = (value: unknown): value is string =>
  typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= MAX_INT64;

/** The cursor in `token`, or undefined when it is not a token this service made for `sku`. */
export function decodePageToken(token: string, sku: bigint): CommentCursor | undefined {
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(fields) || fields.length !== 4) return undefined;
  const [tokenSku, ms, userId, id] = fields as unknown[];
  if (!isId(tokenSku) || !isId(userId) || !isId(id) || !Number.isSafeInteger(ms) || (ms as number) < 0)
    return undefined;
  if (BigInt(tokenSku) !== sku) return undefined;
  const cursor = { createdAt: new Date(ms as number), userId: BigInt(userId), id: BigInt(id) };
  // Only the exact text this service produced is accepted (no padding or re-spelled numbers).
  return encodePageToken(sku, cursor) === token ? cursor : undefined;
}

/**
 * An opaque next_page_token of a user's list: base64url of `["user", userId, createdAt ms, id]`. It
 * names its user, and its first field tells it apart from a sku's token.
 */
export function encodeUserPageToken(userId: bigint, cursor: CommentCursor): string {
  const fields = ['user', userId.toString(), cursor.createdAt.getTime(), cursor.id.toString()];
  return Buffer.from(JSON.stringify(fields)).toString('base64url');
}

/** The cursor in `token`, or undefined when it is not a token this service made for `userId`'s list. */
export function decodeUserPageToken(token: string, userId: bigint): CommentCursor | undefined {
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(fields) || fields.length !== 4) return undefined;
  const [kind, tokenUser, ms, id] = fields as unknown[];
  if (kind !== 'user' || !isId(tokenUser) || !isId(id) || !Number.isSafeInteger(ms) || (ms as number) < 0)
    return undefined;
  if (BigInt(tokenUser) !== userId) return undefined;
  const cursor = { createdAt: new Date(ms as number), userId, id: BigInt(id) };
  return encodeUserPageToken(userId, cursor) === token ? cursor : undefined;
}
