import type { Executor } from '@marketplace/platform';
import { type RawBuilder, sql } from 'kysely';
import { createShardMap, SLOT_COUNT, slotsLeaving } from '../domain/sharding.ts';
import type { CommentsDatabase } from './schema.ts';

type Db = Executor<CommentsDatabase>;

const BATCH = 5_000;

/** What a step of adding a shard did. */
export interface GrowthReport {
  slots: number;
  rows: number;
}

/**
 * Copies to the new shard (the last of `shards`; the others in their shard order) the comments of
 * every slot it takes over, keeping their ids, and moves the new shard's sequence past the others',
 * so its new ids never repeat old ones. Safe to run again: a second run brings the copies up to
 * date; with `createdAfter` it copies only comments created after that moment (older ones could not
 * have changed since an earlier copy). The order of steps is kept by `runAddShardStep`.
 */
export async function copyToNewShard(shards: readonly Db[], createdAfter?: Date): Promise<GrowthReport> {
  const target = shards.at(-1)!;
  const report = { slots: 0, rows: 0 };
  for (const [from, slots] of leavingSlots(shards.length)) {
    report.slots += slots.length;
    report.rows += await copySlots(shards[from]!, target, slots, createdAfter);
  }
  let highest = 0n;
  for (const last of await Promise.all(shards.slice(0, -1).map(lastSequence)))
    if (last > highest) highest = last;
  await raiseSequence(target, highest);
  return report;
}

/**
 * Deletes from the old shards the comments of the slots they gave away (the last step, once every
 * process runs with the new shard list). Until then the service ignores those copies.
 */
export async function deleteMovedFromOldShards(shards: readonly Db[]): Promise<GrowthReport> {
  const report = { slots: 0, rows: 0 };
  for (const [from, slots] of leavingSlots(shards.length)) {
    const result = await shards[from]!.deleteFrom('comments').where(inSlots(slots)).executeTakeFirst();
    report.slots += slots.length;
    report.rows += Number(result.numDeletedRows);
  }
  return report;
}

/** The slots the last of `shardCount` shards takes over, by the shard they leave. */
export const leavingSlots = (shardCount: number) =>
  slotsLeaving(createShardMap(shardCount - 1), createShardMap(shardCount));

/** A moved slot whose copy differs from its source. */
export interface SlotMismatch {
  slot: number;
  fromShard: number;
  sourceRows: number;
  copyRows: number;
}

/**
 * Compares every moved slot on its old shard and on the new one (the last of `shards`): row count
 * and a digest of every row's id, author, sku, time and text. With writes to the slots refused,
 * an empty answer proves the copy complete.
 */
export async function compareMovedSlots(shards: readonly Db[]): Promise<SlotMismatch[]> {
  const target = shards.at(-1)!;
  const mismatches: SlotMismatch[] = [];
  for (const [from, slots] of leavingSlots(shards.length)) {
    const [source, copy] = await Promise.all([slotDigests(shards[from]!, slots), slotDigests(target, slots)]);
    for (const slot of slots) {
      const [a, b] = [source.get(slot), copy.get(slot)];
      if (a?.digest !== b?.digest)
        mismatches.push({ slot, fromShard: from, sourceRows: a?.rows ?? 0, copyRows: b?.rows ?? 0 });
    }
  }
  return mismatches;
}

async function slotDigests(db: Db, slots: readonly number[]) {
  const { rows } = await sql<{ slot: number; rows: number; digest: string }>`
    SELECT (id % ${SLOT_COUNT})::int AS slot, count(*)::int AS rows,
           md5(string_agg(concat_ws(',', id, user_id, sku,
             (extract(epoch FROM created_at) * 1000)::bigint, md5(text)), ';' ORDER BY id)) AS digest
    FROM comments WHERE ${inSlots(slots)} GROUP BY 1`.execute(db);
  return new Map(rows.map((r) => [r.slot, r]));
}

/**
 * How many comments of moved slots on the old shards have no row of the same id on the new shard
 * (which may hold more: comments written there since the cut-over).
 */
export async function countMissingCopies(shards: readonly Db[]): Promise<number> {
  const target = shards.at(-1)!;
  let missing = 0;
  for (const [from, slots] of leavingSlots(shards.length)) {
    let afterId = 0n;
    for (;;) {
      const ids = (
        await shards[from]!.selectFrom('comments')
          .select('id')
          .where('id', '>', afterId)
          .where(inSlots(slots))
          .orderBy('id')
          .limit(BATCH)
          .execute()
      ).map((r) => r.id);
      if (ids.length === 0) break;
      const { found } = await target
        .selectFrom('comments')
        .select(sql<number>`count(*)::int`.as('found'))
        .where('id', 'in', ids)
        .executeTakeFirstOrThrow();
      missing += ids.length - found;
      afterId = ids.at(-1)!;
    }
  }
  return missing;
}

/** Rows whose id carries one of `slots` (ids are sequence * SLOT_COUNT + slot). */
const inSlots = (slots: readonly number[]): RawBuilder<boolean> =>
  sql<boolean>`(id % ${SLOT_COUNT})::int = ANY(${[...slots]}::int[])`;

/** Copies in batches of ascending ids; a copy already there takes the source's text. */
async function copySlots(from: Db, to: Db, slots: readonly number[], createdAfter?: Date): Promise<number> {
  let copied = 0;
  let afterId = 0n;
  for (;;) {
    let query = from.selectFrom('comments').selectAll().where('id', '>', afterId).where(inSlots(slots));
    if (createdAfter) query = query.where('created_at', '>', createdAfter);
    const rows = await query.orderBy('id').limit(BATCH).execute();
    if (rows.length === 0) return copied;
    await to
      .insertInto('comments')
      .values(rows)
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ text: eb.ref('excluded.text') })))
      .execute();
    copied += rows.length;
    afterId = rows.at(-1)!.id;
  }
}

/** The last sequence number a shard handed out (0 if none yet). */
async function lastSequence(db: Db): Promise<bigint> {
  const { rows } = await sql<{ last: bigint | string }>`
    SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS last FROM comment_seq`.execute(db);
  return BigInt(rows[0]!.last);
}

/** Never moves the sequence back: one statement, whatever runs beside it. */
async function raiseSequence(db: Db, atLeast: bigint): Promise<void> {
  if (atLeast > 0n)
    await sql`SELECT setval('comment_seq', GREATEST(${atLeast}::bigint, last_value)) FROM comment_seq`.execute(
      db,
    );
}
