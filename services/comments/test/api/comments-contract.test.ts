import type { CallResult } from '@marketplace/testkit';
import { randomInt63 } from '@marketplace/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commentsTransports } from '../support/comments-transports.ts';
import { startTestComments, type TestComments } from '../support/test-comments.ts';

let t: TestComments;
beforeAll(async () => {
  t = await startTestComments();
});
afterAll(() => t?.stop());
beforeEach(() => {
  t.clock.set('2026-11-21T10:00:00.123Z');
});

let lastId = 5_000;
/** A sku or user id no other test used. */
const fresh = () => ++lastId;

const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const PERMISSION_DENIED = 7;
const FAILED_PRECONDITION = 9;
const HTTP_STATUS: Record<number, number> = { 3: 400, 5: 404, 7: 403, 9: 400 };

/** Asserts a failed call had `code` (and the contract's HTTP status on HTTP transports) and a message. */
function expectError(result: CallResult, code: number, message?: string | RegExp) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(code);
  if (result.httpStatus !== undefined) expect(result.httpStatus).toBe(HTTP_STATUS[code]);
  if (message) expect(result.message).toMatch(message);
}

describe.each(commentsTransports(() => t))('Comments contract over $name', (api) => {
  async function add(userId: number, sku: number, comment = 'text') {
    const result = await api.call('commentAdd', { user_id: userId, sku, comment });
    if (!result.ok) throw new Error(`add failed: ${result.message}`);
    return result.json.id as string;
  }

  describe('int64 over its whole range', () => {
    it('refuses a NUL character in the text as InvalidArgument, storing nothing', async () => {
      const sku = fresh();
      expectError(
        await api.call('commentAdd', { user_id: 1, sku, comment: 'a\u0000b' }),
        INVALID_ARGUMENT,
        'invalid CommentAddRequest.comment: value must not contain NUL characters',
      );
      const list = await api.call('commentListBySKU', { sku });
      expect(list.ok && list.json.comments).toEqual([]);
    });

    it('round-trips 30 random int63 user ids and skus through add and read', async () => {
      for (let i = 0; i < 30; i++) {
        const [user, sku] = [String(randomInt63()), String(randomInt63())];
        const added = await api.call('commentAdd', { user_id: user, sku, comment: 'random' });
        if (!added.ok) throw new Error(`add failed for ${user}/${sku}: ${added.message}`);
        const read = await api.call('commentGetByID', { id: added.json.id as string });
        expect(read.ok && read.json, `${user} ${sku}`).toMatchObject({
          userId: user,
          sku,
          comment: 'random',
        });
      }
    });

    it.each(['9007199254740993', '9223372036854775807'])('keeps user id and sku %s exact', async (big) => {
      const added = await api.call('commentAdd', { user_id: big, sku: big, comment: 'exact' });
      if (!added.ok) throw new Error(`add failed: ${added.message}`);
      const id = added.json.id as string;
      const read = await api.call('commentGetByID', { id });
      expect(read.ok && read.json).toMatchObject({ id, userId: big, sku: big, comment: 'exact' });
      const bySku = await api.call('commentListBySKU', { sku: big });
      expect(bySku.ok && (bySku.json.comments as Array<{ id: string; userId: string }>)[0]).toMatchObject({
        id,
        userId: big,
      });
      expect(
        await api.call('commentEdit', { user_id: big, comment_id: id, new_comment: 'still exact' }),
      ).toEqual({
        ok: true,
        json: {},
      });
    });
  });

  describe('CommentAdd and CommentGetByID', () => {
    it('adds a comment and reads it back with its author, sku, text and millisecond time', async () => {
      const [user, sku] = [fresh(), fresh()];
      const id = await add(user, sku, 'Отличный товар 👍');
      expect(id).toMatch(/^[1-9]\d*$/);
      expect(await api.call('commentGetByID', { id: Number(id) })).toEqual({
        ok: true,
        json: {
          id,
          userId: String(user),
          sku: String(sku),
          comment: 'Отличный товар 👍',
          createdAt: '2026-11-21T10:00:00.123Z',
        },
      });
    });

    it('accepts 255 characters of any width and refuses 0 or 256', async () => {
      const sku = fresh();
      expect((await api.call('commentAdd', { user_id: 1, sku, comment: '界'.repeat(255) })).ok).toBe(true);
      expectError(
        await api.call('commentAdd', { user_id: 1, sku, comment: '' }),
        INVALID_ARGUMENT,
        'invalid CommentAddRequest.comment: value must be at least 1 characters',
      );
      expectError(
        await api.call('commentAdd', { user_id: 1, sku, comment: 'a'.repeat(256) }),
        INVALID_ARGUMENT,
        'invalid CommentAddRequest.comment: value must be at most 255 characters',
      );
    });

    it.each([
      [
        { user_id: 0, sku: 1, comment: 'x' },
        'invalid CommentAddRequest.user_id: value must be greater than 0',
      ],
      [{ user_id: 1, sku: -2, comment: 'x' }, 'invalid CommentAddRequest.sku: value must be greater than 0'],
    ])('refuses %j with InvalidArgument naming the field', async (request, message) => {
      expectError(await api.call('commentAdd', request), INVALID_ARGUMENT, message);
    });

    it('refuses id <= 0 and reports an unknown id as not found', async () => {
      expectError(
        await api.call('commentGetByID', { id: 0 }),
        INVALID_ARGUMENT,
        'invalid CommentGetByIDRequest.id: value must be greater than 0',
      );
      expectError(
        await api.call('commentGetByID', { id: 999_999_999 }),
        NOT_FOUND,
        'comment 999999999 not found',
      );
    });
  });

  describe('CommentEdit', () => {
    it('lets the author replace the text until just before the edit window closes', async () => {
      const user = fresh();
      const id = await add(user, fresh());
      t.clock.advance(999);
      const edit = { user_id: user, comment_id: Number(id), new_comment: 'better' };
      expect(await api.call('commentEdit', edit)).toEqual({ ok: true, json: {} });
      const read = await api.call('commentGetByID', { id });
      expect(read.ok && [read.json.comment, read.json.createdAt]).toEqual([
        'better',
        '2026-11-21T10:00:00.123Z',
      ]);
    });

    it('refuses with FailedPrecondition at the end of the 1s window, leaving the text', async () => {
      const user = fresh();
      const id = await add(user, fresh());
      t.clock.advance(1_000);
      expectError(
        await api.call('commentEdit', { user_id: user, comment_id: id, new_comment: 'late' }),
        FAILED_PRECONDITION,
        /edit window/,
      );
      const read = await api.call('commentGetByID', { id });
      expect(read.ok && read.json.comment).toBe('text');
    });

    it('refuses anyone but the author with PermissionDenied', async () => {
      const id = await add(fresh(), fresh());
      expectError(
        await api.call('commentEdit', { user_id: fresh(), comment_id: id, new_comment: 'mine' }),
        PERMISSION_DENIED,
        /not the author/,
      );
    });

    it('reports an unknown comment as not found and bad fields as InvalidArgument', async () => {
      expectError(
        await api.call('commentEdit', { user_id: 1, comment_id: 999_999_999, new_comment: 'x' }),
        NOT_FOUND,
      );
      expectError(
        await api.call('commentEdit', { user_id: 1, comment_id: 0, new_comment: '' }),
        INVALID_ARGUMENT,
        'invalid CommentEditRequest.comment_id: value must be greater than 0; invalid CommentEditRequest.new_comment: value must be at least 1 characters',
      );
    });
  });

  describe('CommentListBySKU', () => {
    it('lists newest first, equal times by user id, without the sku in the items', async () => {
      const sku = fresh();
      const old = await add(30, sku);
      t.clock.advance(1);
      const user20 = await add(20, sku);
      const user10 = await add(10, sku);
      expect(await api.call('commentListBySKU', { sku })).toEqual({
        ok: true,
        json: {
          comments: [
            { id: user10, userId: '10', comment: 'text', createdAt: '2026-11-21T10:00:00.124Z' },
            { id: user20, userId: '20', comment: 'text', createdAt: '2026-11-21T10:00:00.124Z' },
            { id: old, userId: '30', comment: 'text', createdAt: '2026-11-21T10:00:00.123Z' },
          ],
          nextPageToken: '',
        },
      });
    });

    it('returns 10 concurrent comments by different users in list order', async () => {
      t.clock.resume();
      const sku = fresh();
      const users = Array.from({ length: 10 }, (_, i) => 100 + ((i * 7) % 10));
      const ids = await Promise.all(users.map((user) => add(user, sku)));
      const stored = await Promise.all(ids.map((id) => api.call('commentGetByID', { id })));
      const expected = stored
        .map((r) => (r.ok ? r.json : {}))
        .sort(
          (a, b) =>
            Date.parse(String(b.createdAt)) - Date.parse(String(a.createdAt)) ||
            Number(a.userId) - Number(b.userId),
        )
        .map((c) => c.id);
      const listed = await api.call('commentListBySKU', { sku });
      expect(listed.ok && (listed.json.comments as Array<{ id: string }>).map((c) => c.id)).toEqual(expected);
      expect(new Set(expected).size).toBe(10);
    });

    it('pages with page_size and page_token, every comment once, and an empty token on the last page', async () => {
      const sku = fresh();
      for (let i = 0; i < 5; i++) await add(i + 1, sku);
      const all = await api.call('commentListBySKU', { sku });
      const seen: unknown[] = [];
      let pageToken = '';
      let pages = 0;
      do {
        const page = await api.call('commentListBySKU', { sku, page_size: 2, page_token: pageToken });
        if (!page.ok) throw new Error(page.message);
        seen.push(...(page.json.comments as unknown[]));
        pageToken = page.json.nextPageToken as string;
        pages++;
      } while (pageToken);
      expect(pages).toBe(3);
      expect(all.ok && seen).toEqual(all.ok && all.json.comments);
    });

    it('answers an unknown sku with an empty list', async () => {
      expect(await api.call('commentListBySKU', { sku: fresh() })).toEqual({
        ok: true,
        json: { comments: [], nextPageToken: '' },
      });
    });

    it.each([
      [{ sku: 0 }, 'invalid CommentListBySKURequest.sku: value must be greater than 0'],
      [
        { sku: 1, page_size: 101 },
        'invalid CommentListBySKURequest.page_size: value must be greater than or equal to 0 and less than or equal to 100',
      ],
      [
        { sku: 1, page_size: -1 },
        'invalid CommentListBySKURequest.page_size: value must be greater than or equal to 0 and less than or equal to 100',
      ],
      [
        { sku: 1, page_token: 'nonsense' },
        'invalid CommentListBySKURequest.page_token: value must be a next_page_token of this sku',
      ],
    ])('refuses %j with InvalidArgument naming the field', async (request, message) => {
      expectError(await api.call('commentListBySKU', request), INVALID_ARGUMENT, message);
    });

    it("refuses another sku's page token", async () => {
      const sku = fresh();
      await add(1, sku);
      await add(2, sku);
      const page = await api.call('commentListBySKU', { sku, page_size: 1 });
      const token = page.ok ? page.json.nextPageToken : undefined;
      expect(token).toMatch(/.+/);
      expectError(
        await api.call('commentListBySKU', { sku: sku + 1, page_token: token as string }),
        INVALID_ARGUMENT,
        'CommentListBySKURequest.page_token',
      );
    });
  });

  describe('CommentListByUser', () => {
    it("lists the user's comments on every sku newest first, without the user id in the items", async () => {
      const user = fresh();
      const [skuA, skuB] = [fresh(), fresh()];
      const first = await add(user, skuA, 'first');
      t.clock.advance(10);
      const second = await add(user, skuB, 'second');
      await add(fresh(), skuB, 'someone else');
      expect(await api.call('commentListByUser', { user_id: user })).toEqual({
        ok: true,
        json: {
          comments: [
            { id: second, sku: String(skuB), comment: 'second', createdAt: '2026-11-21T10:00:00.133Z' },
            { id: first, sku: String(skuA), comment: 'first', createdAt: '2026-11-21T10:00:00.123Z' },
          ],
          nextPageToken: '',
        },
      });
    });

    it('answers a user without comments with an empty list, and refuses user_id <= 0', async () => {
      expect(await api.call('commentListByUser', { user_id: fresh() })).toEqual({
        ok: true,
        json: { comments: [], nextPageToken: '' },
      });
      expectError(
        await api.call('commentListByUser', { user_id: -1 }),
        INVALID_ARGUMENT,
        'invalid CommentListByUserRequest.user_id: value must be greater than 0',
      );
    });
  });
});
