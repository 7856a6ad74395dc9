import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment } from '../../src/app/add-comment.ts';
import { editComment } from '../../src/app/edit-comment.ts';
import { getComment } from '../../src/app/get-comment.ts';
import { listCommentsBySku } from '../../src/app/list-comments-by-sku.ts';
import { listCommentsByUser } from '../../src/app/list-comments-by-user.ts';
import type { CommentsDeps } from '../../src/app/ports.ts';
import type { Comment } from '../../src/domain/comment.ts';
import { createShardMap, slotOfSku } from '../../src/domain/sharding.ts';
import type { CommentsDatabase } from '../../src/infra/schema.ts';
import { copyToNewShard, deleteMovedFromOldShards } from '../../src/infra/shard-growth.ts';
import { type CommentsTestDb, createCommentsTestDb } from '../support/comments-test-db.ts';
import { addTestShard, type TestShard } from '../support/test-shard.ts';

const SKUS = Array.from({ length: 300 }, (_, i) => BigInt(2_000 + i));
const AUTHOR = 42n;

let t: CommentsTestDb;
let third: TestShard;
let thirdDb: Kysely<CommentsDatabase>;
let grown: Kysely<CommentsDatabase>[];
let grownDeps: CommentsDeps;
const before = { comments: [] as Comment[], byAuthor: [] as Comment[] };

beforeAll(async () => {
  t = await createCommentsTestDb(2);
  t.clock.set('2026-11-21T10:00:00.000Z');
  for (const [i, sku] of SKUS.entries()) {
    const userId = i % 3 === 0 ? AUTHOR : BigInt(1 + (i % 7));
    await addComment(t.deps, { userId, sku, text: `about ${sku}` });
    if (i % 10 === 0) t.clock.advance(1);
  }
  before.comments = (
    await Promise.all(SKUS.map((sku) => listCommentsBySku(t.deps, { sku, pageSize: 0 })))
  ).flatMap((page) => page.comments);
  before.byAuthor = (await listCommentsByUser(t.deps, { userId: AUTHOR, pageSize: 0 })).comments;
  third = await addTestShard(t);
  ({ db: thirdDb, dbs: grown, deps: grownDeps } = third);
});
afterAll(async () => {
  await third?.drop();
  await t?.close();
});

const movedSkus = () => {
  const [old, now] = [createShardMap(2), createShardMap(3)];
  return SKUS.filter((sku) => old.shardOfSlot(slotOfSku(sku)) !== now.shardOfSlot(slotOfSku(sku)));
};
const rowsOn = async (db: Kysely<CommentsDatabase>, skus: bigint[]) =>
  (await db.selectFrom('comments').select('id').where('sku', 'in', skus).execute()).length;

describe('adding a third shard', () => {
  it('copies about a third of the skus to the new shard, keeping ids, and every comment reads as before', async () => {
    const moved = movedSkus();
    expect(moved.length / SKUS.length).toBeGreaterThan(0.2);
    expect(moved.length / SKUS.length).toBeLessThan(0.45);
    const copy = await copyToNewShard(grown);
    expect(copy.rows).toBe(moved.length);
    expect(await rowsOn(thirdDb, SKUS)).toBe(moved.length);
    for (const comment of before.comments) expect(await getComment(grownDeps, comment.id)).toEqual(comment);
  });

  it('lists a user across the grown shards once each, though old shards still hold the copies', async () => {
    expect(await rowsOn(t.dbs[0]!, movedSkus())).toBeGreaterThan(0);
    expect((await listCommentsByUser(grownDeps, { userId: AUTHOR, pageSize: 0 })).comments).toEqual(
      before.byAuthor,
    );
    // Paged too: the copies the old shards skip never cost a comment or repeat one.
    for (const pageSize of [1, 7, 100]) {
      const paged: Comment[] = [];
      let after: Awaited<ReturnType<typeof listCommentsByUser>>['next'];
      do {
        const page = await listCommentsByUser(grownDeps, { userId: AUTHOR, pageSize, after });
        expect(page.comments.length).toBeLessThanOrEqual(pageSize);
        paged.push(...page.comments);
        after = page.next;
      } while (after);
      expect(paged).toEqual(before.byAuthor);
    }
  });

  it('catches up on comments added and edited on the old shards meanwhile; SINCE limits it to newer ones', async () => {
    const [edited, added] = [movedSkus()[1]!, movedSkus()[2]!];
    const old = before.comments.find((c) => c.sku === edited)!;
    await editComment(t.deps, { userId: old.userId, commentId: old.id, text: 'edited before the switch' });
    t.clock.advance(1);
    const since = t.clock.now();
    t.clock.advance(1);
    const id = await addComment(t.deps, { userId: 99n, sku: added, text: 'added before the switch' });
    expect(await copyToNewShard(grown, since)).toMatchObject({ rows: 1 });
    expect((await getComment(grownDeps, id)).text).toBe('added before the switch');
    expect((await getComment(grownDeps, old.id)).text).toBe(old.text);
    await copyToNewShard(grown);
    expect((await getComment(grownDeps, old.id)).text).toBe('edited before the switch');
  });

  it('adds and edits comments of moved skus on the new shard, with ids unlike any old one', async () => {
    const sku = movedSkus()[0]!;
    t.clock.advance(1);
    const id = await addComment(grownDeps, { userId: AUTHOR, sku, text: 'after the move' });
    expect(before.comments.some((c) => c.id === id)).toBe(false);
    const old = before.comments.find((c) => c.sku === sku)!;
    await editComment(grownDeps, { userId: old.userId, commentId: old.id, text: 'edited after the move' });
    const listed = await listCommentsBySku(grownDeps, { sku, pageSize: 0 });
    expect(listed.comments.map((c) => c.text)).toEqual(['after the move', 'edited after the move']);
    expect(await thirdDb.selectFrom('comments').select('id').where('id', '=', id).executeTakeFirst()).toEqual(
      { id },
    );
  });

  it('deletes the moved comments from the old shards and still answers every read', async () => {
    const copies = (await rowsOn(t.dbs[0]!, movedSkus())) + (await rowsOn(t.dbs[1]!, movedSkus()));
    const cleanup = await deleteMovedFromOldShards(grown);
    expect(cleanup.rows).toBe(copies);
    expect(await rowsOn(t.dbs[0]!, movedSkus())).toBe(0);
    expect(await rowsOn(t.dbs[1]!, movedSkus())).toBe(0);
    for (const comment of before.comments)
      expect((await getComment(grownDeps, comment.id)).id).toBe(comment.id);
    expect((await listCommentsByUser(grownDeps, { userId: AUTHOR, pageSize: 0 })).comments.length).toBe(
      before.byAuthor.length + 1,
    );
    expect(await copyToNewShard(grown)).toMatchObject({ rows: 0 });
  });
});
