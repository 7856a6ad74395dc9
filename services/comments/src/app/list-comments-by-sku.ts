import type { Comment } from '../domain/comment.ts';
import { type CommentCursor, cursorAfter } from '../domain/page-token.ts';
import { slotOfSku } from '../domain/sharding.ts';
import type { CommentsDeps } from './ports.ts';

export interface SkuPageRequest {
  sku: bigint;
  /** Comments per page; 0 for all of them at once. */
  pageSize: number;
  /** Where the previous page ended. */
  after?: CommentCursor;
}

export interface SkuPage {
  comments: Comment[];
  /** Where this page ended, when more comments follow. */
  next?: CommentCursor;
}

/** A page of a sku's comments, newest first, read from the sku's shard by keyset (no offset). */
export async function listCommentsBySku(deps: CommentsDeps, request: SkuPageRequest): Promise<SkuPage> {
  const shard = deps.store.shardOf(slotOfSku(request.sku));
  const { after, pageSize } = request;
  if (pageSize === 0) return { comments: await shard.listBySku(request.sku, { after }) };
  // One comment more than the page tells whether another page follows.
  const comments = await shard.listBySku(request.sku, { after, limit: pageSize + 1 });
  if (comments.length <= pageSize) return { comments };
  const page = comments.slice(0, pageSize);
  return { comments: page, next: cursorAfter(page[pageSize - 1]!) };
}
