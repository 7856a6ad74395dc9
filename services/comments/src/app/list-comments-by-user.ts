import { type Comment, newestFirst } from '../domain/comment.ts';
import { type CommentCursor, cursorAfter, pageLimit } from '../domain/page-token.ts';
import type { CommentsDeps } from './ports.ts';

export interface UserPageRequest {
  userId: bigint;
  /** Comments per page, 1..100; 0 for the default bound of 1,000 per answer. */
  pageSize: number;
  /** Where the previous page ended. */
  after?: CommentCursor;
}

export interface UserPage {
  comments: Comment[];
  /** Where this page ended, when more comments may follow. */
  next?: CommentCursor;
}

/**
 * A page of a user's comments on every sku, newest first: every shard is asked at once for at most
 * one page and one comment more after the cursor (keyset, no offset), and the answers are merged.
 */
export async function listCommentsByUser(deps: CommentsDeps, request: UserPageRequest): Promise<UserPage> {
  const pageSize = pageLimit(request.pageSize);
  const range = { after: request.after, limit: pageSize + 1 };
  const slices = await Promise.all(deps.store.shards.map((shard) => shard.listByUser(request.userId, range)));
  // A shard that read its whole limit may hold more after its last row read: only what comes up to
  // the earliest such row is known to be complete. (Each shard's rows are all owned in the common
  // case, and then this cut never shortens a page.)
  const frontier = slices
    .flatMap((slice) => (slice.readTo ? [slice.readTo] : []))
    .sort(newestFirst)
    .at(0);
  const known = slices
    .flatMap((slice) => slice.comments)
    .filter((c) => !frontier || newestFirst(c, frontier) <= 0)
    .sort(newestFirst);
  if (known.length > pageSize) {
    const page = known.slice(0, pageSize);
    return { comments: page, next: cursorAfter(page[pageSize - 1]!) };
  }
  // Fewer than a page is known only when a shard skipped copies of moved comments: the page is
  // short, and the next one starts where that shard stopped reading.
  return frontier ? { comments: known, next: cursorAfter(frontier) } : { comments: known };
}
