import { validateRequest } from './validation.ts';

/** The page tokens of one keyset-paged list, bound to the list's owner (a sku, a user). */
export interface PageTokens<Cursor> {
  /** What owns the list, as a refused token is told: `a next_page_token of this <owner>`. */
  owner: string;
  /** The next_page_token of a page that ended at `cursor`. */
  encode(cursor: Cursor): string;
  /** The cursor in `token`, or undefined when it is not a token of this list. */
  decode(token: string): Cursor | undefined;
}

/** What a list request pages by: its message's `page_token` and `page_size`. */
export interface PagedRequest {
  /** The message's full name (protobuf-es), which a refused token names. */
  $typeName: string;
  pageToken: string;
  pageSize: number;
}

/**
 * Reads one page of a list for `request`: the cursor in its page token (none on the first page),
 * the page `list` reads after that cursor, and the token of the page that follows (empty on the
 * last). A token `tokens` refuses (not one this list handed out, e.g. another owner's) is
 * InvalidArgument: `invalid <Request>.page_token: value must be a next_page_token of this <owner>`.
 */
export async function listPage<Cursor, Page extends { next?: Cursor }>(
  request: PagedRequest,
  tokens: PageTokens<Cursor>,
  list: (range: { pageSize: number; after: Cursor | undefined }) => Promise<Page>,
): Promise<Page & { nextPageToken: string }> {
  const after = request.pageToken ? tokens.decode(request.pageToken) : undefined;
  validateRequest(request.$typeName.slice(request.$typeName.lastIndexOf('.') + 1))
    .check(
      'page_token',
      !request.pageToken || after !== undefined,
      `value must be a next_page_token of this ${tokens.owner}`,
    )
    .assert();
  const page = await list({ pageSize: request.pageSize, after });
  return { ...page, nextPageToken: page.next === undefined ? '' : tokens.encode(page.next) };
}
