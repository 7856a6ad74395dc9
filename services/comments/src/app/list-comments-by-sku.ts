import type { Comment } from '../domain/comment.ts';
import { type CommentCursor, cursorAfter, pageLimit } from '../domain/page-token.ts';
import { slotOfSku } from '../domain/sharding.ts';
import type { CommentsDeps } from './ports.ts';

export interface SkuPageRequest {
  sku: bigint;
  /** Comments per page, 1..100; 0 for the default bound of 1,000 per answer. */
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
  const pageSize = pageLimit(request.pageSize);
  // One comment more than the page tells whether another page follows.
  const comments = await shard.listBySku(request.sku, { after: request.after, limit: pageSize + 1 });
  if (comments.length <= pageSize) return { comments };
  const page = comments.slice(0, pageSize);
  return { comments: page, next: cursorAfter(page[pageSize - 1]!) };
}
