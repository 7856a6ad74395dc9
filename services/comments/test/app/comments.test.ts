import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addComment } from '../../src/app/add-comment.ts';
import { editComment } from '../../src/app/edit-comment.ts';
import { getComment } from '../../src/app/get-comment.ts';
import { listCommentsBySku } from '../../src/app/list-comments-by-sku.ts';
import { listCommentsByUser } from '../../src/app/list-comments-by-user.ts';
import {
  CommentNotFoundError,
  EditWindowClosedError,
  NotCommentAuthorError,
} from '../../src/domain/errors.ts';
import { SLOT_COUNT, slotOfCommentId, slotOfSku } from '../../src/domain/sharding.ts';
import { type CommentsTestDb, createCommentsTestDb } from '../support/comments-test-db.ts';

let t: CommentsTestDb;
let lastSku = 100n;
/** A sku no other test used, on `shard` when given. */
const freshSku = (shard?: number) => {
  do lastSku++;
  while (shard !== undefined && t.shardOfSku(lastSku) !== shard);
  return lastSku;
};
let lastUser = 1_000n;
const freshUser = () => ++lastUser;

beforeAll(async () => {
  t = await createCommentsTestDb();
});
afterAll(() => t?.close());
beforeEach(() => {
  t.clock.set('2026-11-21T10:00:00.000Z');
});

const add = (userId: bigint, sku: bigint, text = 'text') => addComment(t.deps, { userId, sku, text });
const shardsTouched = (since: number) => new Set(t.statements.slice(since).map((s) => s.shard));

describe('addComment and getComment', () => {
  it("stores the comment on its sku's shard under an id that names the sku's slot", async () => {
    for (const shard of [0, 1]) {
      const sku = freshSku(shard);
      const id = await add(7n, sku, 'Отличный товар 👍');
      expect(slotOfCommentId(id)).toBe(slotOfSku(sku));
      expect(id).toBeGreaterThanOrEqual(BigInt(SLOT_COUNT));
      const row = await t.dbs[shard]!.selectFrom('comments')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      expect(row?.text).toBe('Отличный товар 👍');
      expect(
        await t.dbs[1 - shard]!.selectFrom('comments').select('id').where('id', '=', id).execute(),
      ).toEqual([]);
    }
  });

  it('reads a comment back from the one shard its id names, with millisecond time', async () => {
    t.clock.set('2026-11-21T10:00:00.123Z');
    const sku = freshSku();
    const id = await add(7n, sku);
    const before = t.statements.length;
    expect(await getComment(t.deps, id)).toEqual({
      id,
      userId: 7n,
      sku,
      text: 'text',
      createdAt: new Date('2026-11-21T10:00:00.123Z'),
    });
    expect(shardsTouched(before)).toEqual(new Set([t.shardOfSku(sku)]));
  });

  it('keeps 255 characters of any width', async () => {
    const text = `${'界'.repeat(254)}😀`;
    const id = await add(7n, freshSku(), text);
    expect((await getComment(t.deps, id)).text).toBe(text);
  });

  it('reports an unknown id as not found', async () => {
    await expect(getComment(t.deps, 999_999_999n)).rejects.toThrow(CommentNotFoundError);
  });
});

describe('editComment', () => {
  it('lets the author replace the text until just before the window closes, touching one shard', async () => {
    const id = await add(7n, freshSku());
    t.clock.advance(999);
    const before = t.statements.length;
    await editComment(t.deps, { userId: 7n, commentId: id, text: 'better' });
    expect(t.statements.length - before).toBe(1);
    const comment = await getComment(t.deps, id);
    expect(comment.text).toBe('better');
    expect(comment.createdAt).toEqual(new Date('2026-11-21T10:00:00.000Z'));
  });

  it('refuses at the end of the window and leaves the text', async () => {
    const id = await add(7n, freshSku());
    t.clock.advance(1_000);
    await expect(editComment(t.deps, { userId: 7n, commentId: id, text: 'late' })).rejects.toThrow(
      EditWindowClosedError,
    );
    expect((await getComment(t.deps, id)).text).toBe('text');
  });

  it('refuses anyone but the author and leaves the text', async () => {
    const id = await add(7n, freshSku());
    await expect(editComment(t.deps, { userId: 8n, commentId: id, text: 'mine' })).rejects.toThrow(
      NotCommentAuthorError,
    );
    expect((await getComment(t.deps, id)).text).toBe('text');
  });

  it('reports an unknown id as not found', async () => {
    await expect(editComment(t.deps, { userId: 7n, commentId: 999_999_999n, text: 'x' })).rejects.toThrow(
      CommentNotFoundError,
    );
  });
});

describe('listCommentsBySku', () => {
  it('lists newest first; comments in the same millisecond by user id ascending', async () => {
    const sku = freshSku();
    const old = await add(5n, sku);
    t.clock.advance(1);
    // Ten users at once, all in the same millisecond: only the user id orders them.
    const users = [9n, 3n, 7n, 1n, 10n, 4n, 8n, 2n, 6n, 5n];
    const concurrent = await Promise.all(
      users.map(async (userId) => ({ userId, id: await add(userId, sku) })),
    );
    const byUser = concurrent.sort((a, b) => Number(a.userId - b.userId)).map((c) => c.id);
    t.clock.advance(1);
    const newest = await add(4n, sku);
    const { comments, next } = await listCommentsBySku(t.deps, { sku, pageSize: 0 });
    expect(next).toBeUndefined();
    expect(comments.map((c) => c.id)).toEqual([newest, ...byUser, old]);
    expect(comments.every((c) => c.sku === sku)).toBe(true);
  });

  it('answers an empty list for a sku without comments', async () => {
    expect(await listCommentsBySku(t.deps, { sku: freshSku(), pageSize: 0 })).toEqual({ comments: [] });
    expect(await listCommentsBySku(t.deps, { sku: freshSku(), pageSize: 10 })).toEqual({ comments: [] });
  });
});

describe('listCommentsByUser', () => {
  it("merges the user's comments from every shard, newest first, and nobody else's", async () => {
    const user = freshUser();
    const [skuOn0, skuOn1] = [freshSku(0), freshSku(1)];
    const first = await add(user, skuOn0);
    t.clock.advance(5);
    const second = await add(user, skuOn1);
    await add(freshUser(), skuOn1);
    t.clock.advance(5);
    const third = await add(user, skuOn0);
    const before = t.statements.length;
    const comments = (await listCommentsByUser(t.deps, { userId: user, pageSize: 0 })).comments;
    expect(comments.map((c) => [c.id, c.sku])).toEqual([
      [third, skuOn0],
      [second, skuOn1],
      [first, skuOn0],
    ]);
    expect(shardsTouched(before)).toEqual(new Set([0, 1]));
  });

  it('puts the later of two comments in the same millisecond first', async () => {
    const user = freshUser();
    const a = await add(user, freshSku(0));
    const b = await add(user, freshSku(0));
    expect(
      (await listCommentsByUser(t.deps, { userId: user, pageSize: 0 })).comments.map((c) => c.id),
    ).toEqual([b, a]);
  });

  it('answers an empty list for a user without comments', async () => {
    expect(await listCommentsByUser(t.deps, { userId: freshUser(), pageSize: 0 })).toEqual({ comments: [] });
  });
});
