import { Code, ConnectError } from '@connectrpc/connect';
import { describe, expect, it } from 'vitest';
import { listPage, type PageTokens } from '../src/index.ts';

// A list of the numbers 1..10 owned by `owner`, paged after the last number shown.
const tokensOf = (owner: string): PageTokens<number> => ({
  owner: 'shelf',
  encode: (after) => `${owner}:${after}`,
  decode: (token) => (token.startsWith(`${owner}:`) ? Number(token.slice(owner.length + 1)) : undefined),
});
const numbers = async ({ pageSize, after }: { pageSize: number; after: number | undefined }) => {
  const items = Array.from({ length: 10 }, (_, i) => i + 1).filter((n) => n > (after ?? 0));
  const shown = items.slice(0, pageSize);
  return { items: shown, next: items.length > pageSize ? shown.at(-1) : undefined };
};
const request = (pageToken: string, pageSize = 4) => ({
  $typeName: 'test.shelf.v1.ShelfListRequest',
  pageToken,
  pageSize,
});

describe('listPage', () => {
  it('reads the first page without a token and hands out the token of the next', async () => {
    const page = await listPage(request(''), tokensOf('a'), numbers);
    expect(page).toEqual({ items: [1, 2, 3, 4], next: 4, nextPageToken: 'a:4' });
  });

  it('reads on from where the token says, with an empty token after the last page', async () => {
    const second = await listPage(request('a:4'), tokensOf('a'), numbers);
    expect(second.items).toEqual([5, 6, 7, 8]);
    const last = await listPage(request(second.nextPageToken), tokensOf('a'), numbers);
    expect(last).toMatchObject({ items: [9, 10], nextPageToken: '' });
  });

  it("refuses another list's token as InvalidArgument, naming the request's page_token and the owner", async () => {
    let listed = false;
    const read = listPage(request('b:4'), tokensOf('a'), async (range) => {
      listed = true;
      return numbers(range);
    });
    await expect(read).rejects.toThrow(ConnectError);
    await expect(read).rejects.toMatchObject({
      code: Code.InvalidArgument,
      rawMessage: 'invalid ShelfListRequest.page_token: value must be a next_page_token of this shelf',
    });
    expect(listed).toBe(false);
  });
});
