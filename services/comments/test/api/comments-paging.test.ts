import type { JsonObject } from '@bufbuild/protobuf';
import type { CallResult } from '@marketplace/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commentsTransports } from '../support/comments-transports.ts';
import { startTestComments, type TestComments } from '../support/test-comments.ts';

let t: TestComments;
beforeAll(async () => {
  // Seeding sends thousands of calls at once; the per-client limit is not this suite's subject.
  t = await startTestComments();
});
afterAll(() => t?.stop());
beforeEach(() => {
  t.clock.set('2026-11-21T10:00:00.123Z');
});

let lastId = 70_000;
/** A sku or user id no other test used. */
const fresh = () => ++lastId;

const INVALID_ARGUMENT = 3;

interface Row {
  id: string;
  createdAt: string;
}

/** Adds `count` comments on `sku`, 50 at a time, over gRPC. */
async function seed(sku: number, count: number, userOf: (i: number) => number) {
  for (let i = 0; i < count; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, (_, j) =>
        t.grpc.call('commentAdd', { userId: BigInt(userOf(i + j)), sku: BigInt(sku), comment: `c${i + j}` }),
      ),
    );
  }
}

/** Made once, read through every transport: a sku with 1,050 comments, and a user with 1,050 on two skus. */
let seeded: Promise<{ sku: number; user: number }> | undefined;
const big = () => {
  seeded ??= (async () => {
    const [sku, user] = [fresh(), fresh()];
    await seed(sku, 1_050, (i) => 1 + (i % 40));
    await seed(fresh(), 525, () => user);
    await seed(fresh(), 525, () => user);
    return { sku, user };
  })();
  return seeded;
};

function ok(result: CallResult): JsonObject {
  if (!result.ok) throw new Error(`call failed: ${result.message}`);
  return result.json;
}
const rows = (json: JsonObject) => json.comments as unknown as Row[];

function expectInvalid(result: CallResult, message: string) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(INVALID_ARGUMENT);
  if (result.httpStatus !== undefined) expect(result.httpStatus).toBe(400);
  expect(result.message).toContain(message);
}

describe.each(commentsTransports(() => t))('bounded comment lists over $name', (api) => {
  async function add(userId: number, sku: number) {
    return ok(await api.call('commentAdd', { user_id: userId, sku, comment: 'text' })).id as string;
  }

  describe('CommentListBySKU', () => {
    it('answers at most 1,000 comments without page_size, then the other 50 with the token', async () => {
      const { sku } = await big();
      const first = ok(await api.call('commentListBySKU', { sku }));
      expect(rows(first)).toHaveLength(1_000);
      expect(first.nextPageToken).toMatch(/.+/);
      const second = ok(
        await api.call('commentListBySKU', { sku, page_token: first.nextPageToken as string }),
      );
      expect(rows(second)).toHaveLength(50);
      expect(second.nextPageToken).toBe('');
      expect(new Set([...rows(first), ...rows(second)].map((c) => c.id)).size).toBe(1_050);
    });
  });

  describe('CommentListByUser', () => {
    it('answers at most 1,000 comments without page_size, then the other 50 with the token', async () => {
      const { user } = await big();
      const first = ok(await api.call('commentListByUser', { user_id: user }));
      expect(rows(first)).toHaveLength(1_000);
      const second = ok(
        await api.call('commentListByUser', { user_id: user, page_token: first.nextPageToken as string }),
      );
      expect(rows(second)).toHaveLength(50);
      expect(second.nextPageToken).toBe('');
      expect(new Set([...rows(first), ...rows(second)].map((c) => c.id)).size).toBe(1_050);
    });

    it('pages across both shards with page_size 7: every comment once, newest first, ties by id', async () => {
      const user = fresh();
      // 40 comments on 40 skus (so on both shards), up to three in one millisecond.
      for (let i = 0; i < 40; i++) {
        if (i % 3 === 0) t.clock.advance(1);
        await add(user, fresh());
      }
      const all = ok(await api.call('commentListByUser', { user_id: user }));
      expect(all.nextPageToken).toBe('');
      const expected = rows(all);
      expect(expected).toHaveLength(40);
      const newestFirst = [...expected].sort(
        (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (BigInt(b.id) > BigInt(a.id) ? 1 : -1),
      );
      expect(expected).toEqual(newestFirst);

      const seen: Row[] = [];
      const sizes: number[] = [];
      let pageToken = '';
      do {
        const page = ok(
          await api.call('commentListByUser', { user_id: user, page_size: 7, page_token: pageToken }),
        );
        sizes.push(rows(page).length);
        seen.push(...rows(page));
        pageToken = page.nextPageToken as string;
      } while (pageToken);
      expect(sizes).toEqual([7, 7, 7, 7, 7, 5]);
      expect(seen).toEqual(expected);
    });

    it('ends without an empty page when the last page is full', async () => {
      const user = fresh();
      for (let i = 0; i < 4; i++) await add(user, fresh());
      const first = ok(await api.call('commentListByUser', { user_id: user, page_size: 2 }));
      const second = ok(
        await api.call('commentListByUser', {
          user_id: user,
          page_size: 2,
          page_token: first.nextPageToken as string,
        }),
      );
      expect([rows(first).length, rows(second).length, second.nextPageToken]).toEqual([2, 2, '']);
    });
  });

  it.each([
    [
      'commentListBySKU',
      { sku: 1, page_size: 101 },
      'invalid CommentListBySKURequest.page_size: value must be greater than or equal to 0 and less than or equal to 100',
    ],
    [
      'commentListBySKU',
      { sku: 1, page_size: -1 },
      'invalid CommentListBySKURequest.page_size: value must be greater than or equal to 0 and less than or equal to 100',
    ],
    [
      'commentListByUser',
      { user_id: 1, page_size: 101 },
      'invalid CommentListByUserRequest.page_size: value must be greater than or equal to 0 and less than or equal to 100',
    ],
    [
      'commentListByUser',
      { user_id: 1, page_size: -1 },
      'invalid CommentListByUserRequest.page_size: value must be greater than or equal to 0 and less than or equal to 100',
    ],
    [
      'commentListByUser',
      { user_id: 1, page_token: 'nonsense' },
      'invalid CommentListByUserRequest.page_token: value must be a next_page_token of this user',
    ],
  ] as const)('%s refuses %j with InvalidArgument naming the field', async (method, request, message) => {
    expectInvalid(await api.call(method, request), message);
  });

  it("refuses another user's token, a sku's token for a user and a user's token for a sku", async () => {
    const [user, sku] = [fresh(), fresh()];
    await add(user, sku);
    await add(user, sku);
    const userToken = ok(await api.call('commentListByUser', { user_id: user, page_size: 1 }))
      .nextPageToken as string;
    const skuToken = ok(await api.call('commentListBySKU', { sku, page_size: 1 })).nextPageToken as string;
    expect([userToken, skuToken]).toEqual([expect.stringMatching(/.+/), expect.stringMatching(/.+/)]);
    const byUser =
      'invalid CommentListByUserRequest.page_token: value must be a next_page_token of this user';
    expectInvalid(await api.call('commentListByUser', { user_id: user + 1, page_token: userToken }), byUser);
    expectInvalid(await api.call('commentListByUser', { user_id: user, page_token: skuToken }), byUser);
    expectInvalid(
      await api.call('commentListBySKU', { sku, page_token: userToken }),
      'invalid CommentListBySKURequest.page_token: value must be a next_page_token of this sku',
    );
  });
});
