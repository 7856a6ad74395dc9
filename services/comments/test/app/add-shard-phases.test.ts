import { Code } from '@connectrpc/connect';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment } from '../../src/app/add-comment.ts';
import { editComment } from '../../src/app/edit-comment.ts';
import { getComment } from '../../src/app/get-comment.ts';
import type { CommentsDeps } from '../../src/app/ports.ts';
import { SlotMovingError } from '../../src/domain/errors.ts';
import type { AddShardStep } from '../../src/domain/shard-move.ts';
import { createShardMap, slotOfSku } from '../../src/domain/sharding.ts';
import { runAddShardStep } from '../../src/infra/add-shard-steps.ts';
import type { CommentsDatabase } from '../../src/infra/schema.ts';
import { listShardMoves, reportServiceInstance } from '../../src/infra/shard-moves.ts';
import { type CommentsTestDb, createCommentsTestDb } from '../support/comments-test-db.ts';
import { addTestShard, type TestShard } from '../support/test-shard.ts';

const SKUS = Array.from({ length: 200 }, (_, i) => BigInt(7_000 + i));
const [oldMap, newMap] = [createShardMap(2), createShardMap(3)];
const moves = (sku: bigint) => oldMap.shardOfSlot(slotOfSku(sku)) !== newMap.shardOfSlot(slotOfSku(sku));
const MOVING = SKUS.filter(moves);
const STAYING = SKUS.filter((sku) => !moves(sku));

let t: CommentsTestDb;
let third: TestShard;
let thirdDb: Kysely<CommentsDatabase>;
let grown: Kysely<CommentsDatabase>[];
let grownDeps: CommentsDeps;
const seeded: bigint[] = [];

beforeAll(async () => {
  t = await createCommentsTestDb(2);
  // Seeded long before the move: a catch-up does not copy them again.
  t.clock.set('2026-11-21T10:00:00.000Z');
  for (const sku of SKUS) seeded.push(await addComment(t.deps, { userId: 5n, sku, text: `on ${sku}` }));
  t.clock.resume();
  third = await addTestShard(t);
  ({ db: thirdDb, dbs: grown, deps: grownDeps } = third);
});
afterAll(async () => {
  await third?.drop();
  await t?.close();
});

const step = (name: AddShardStep, liveMs?: number) =>
  runAddShardStep(name, grown, { editWindowMs: 1_000, liveMs });
const phase = async () => (await listShardMoves(t.dbs[0]!)).find((m) => m.shardCount === 3)?.phase;
/** Adds through the processes still on two shards; answers the id, or the error's class name. */
const addOnOldList = (sku: bigint) =>
  addComment(t.deps, { userId: 6n, sku, text: 'written meanwhile' }).catch((err: Error) => err);

describe('add-shard phases', () => {
  it('refuses a cut-over before any copy and a cleanup before the cut-over, saying what to run', async () => {
    await expect(step('cut-over')).rejects.toThrow(
      /^add-shard cut-over: no complete copy .* run add-shard copy/,
    );
    await expect(step('cleanup')).rejects.toThrow(/^add-shard cleanup: .* not cut over \(not started\)/);
    expect(await phase()).toBeUndefined();
  });

  it('copies while the old shards take writes, and still refuses a cleanup', async () => {
    expect(await step('copy')).toMatchObject({ rows: MOVING.length });
    expect(await phase()).toBe('copying');
    expect(await addOnOldList(MOVING[0]!)).toEqual(expect.any(BigInt));
    await expect(step('cleanup')).rejects.toThrow(/not cut over \(copying\)/);
  });

  it('keeps the moving slots paused when a copy is found incomplete, until a full copy and a cut-over', async () => {
    const lost = seeded[SKUS.indexOf(MOVING[1]!)]!;
    await thirdDb.deleteFrom('comments').where('id', '=', lost).execute();
    await expect(step('cut-over')).rejects.toThrow(
      new RegExp(
        `1 moved slots differ .*slot ${slotOfSku(MOVING[1]!)} from shard \\d: 1 rows, copy 0.*run add-shard copy`,
      ),
    );
    expect(await phase()).toBe('catching-up');
    const refused = await addOnOldList(MOVING[2]!);
    expect(refused).toBeInstanceOf(SlotMovingError);
    expect((refused as SlotMovingError).code).toBe(Code.Unavailable);
    expect(await addOnOldList(STAYING[0]!)).toEqual(expect.any(BigInt));
    await step('copy');
    expect((await getComment(grownDeps, lost)).id).toBe(lost);
  });

  it('cuts over with writes racing it: each is refused as retryable or found on the new shard', async () => {
    const written: bigint[] = [];
    let refusals = 0;
    let cutting = true;
    const writers = MOVING.slice(0, 8).map(async (sku) => {
      while (cutting) {
        const result = await addOnOldList(sku);
        if (typeof result === 'bigint') written.push(result);
        else if (result instanceof SlotMovingError) refusals++;
        else throw result;
      }
    });
    // The earlier failed cut-over paused these slots already; lift the pause to race a fresh one.
    await t.dbs[0]!.deleteFrom('departed_slots').execute();
    await t.dbs[1]!.deleteFrom('departed_slots').execute();
    while (written.length < 8) await new Promise((r) => setTimeout(r, 5));
    const report = await step('cut-over');
    cutting = false;
    await Promise.all(writers);
    expect(report.verifiedSlots).toBeGreaterThan(0);
    expect(await phase()).toBe('cut-over');
    expect(refusals).toBeGreaterThan(0);
    for (const id of written) expect((await getComment(grownDeps, id)).id).toBe(id);
    expect(await addOnOldList(MOVING[3]!)).toBeInstanceOf(SlotMovingError);
  });

  it('refuses another copy or cut-over once cut over: the new shard takes writes now', async () => {
    const id = await addComment(grownDeps, { userId: 7n, sku: MOVING[4]!, text: 'on the new shard' });
    await editComment(grownDeps, { userId: 7n, commentId: id, text: 'edited on the new shard' });
    await expect(step('copy')).rejects.toThrow(/past its cut-over: .* would overwrite them/);
    await expect(step('cut-over')).rejects.toThrow(/already cut over/);
    expect((await getComment(grownDeps, id)).text).toBe('edited on the new shard');
  });

  it('cleans up only once the copies exist and every running process reports the new shard list', async () => {
    await expect(step('cleanup')).rejects.toThrow(/no comments process has reported serving 3 shards/);
    await reportServiceInstance(t.dbs[0]!, 'old-host:1', 2);
    await reportServiceInstance(t.dbs[0]!, 'new-host:1', 3);
    await expect(step('cleanup')).rejects.toThrow(/still serve the old shard list: old-host:1 \(2 shards\)/);
    await t.dbs[0]!.deleteFrom('service_instances').where('instance', '=', 'old-host:1').execute();

    const copy = seeded[SKUS.indexOf(MOVING[5]!)]!;
    const saved = await thirdDb
      .selectFrom('comments')
      .selectAll()
      .where('id', '=', copy)
      .executeTakeFirstOrThrow();
    await thirdDb.deleteFrom('comments').where('id', '=', copy).execute();
    await expect(step('cleanup')).rejects.toThrow(/1 moved comments have no copy on the new shard/);
    await thirdDb.insertInto('comments').values(saved).execute();

    expect((await step('cleanup')).rows).toBeGreaterThanOrEqual(MOVING.length);
    expect(await phase()).toBe('cleaned');
    for (const db of t.dbs)
      expect(await db.selectFrom('comments').select('id').where('sku', 'in', MOVING).execute()).toEqual([]);
    for (const id of seeded) expect((await getComment(grownDeps, id)).id).toBe(id);
  });
});
