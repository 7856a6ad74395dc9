import type { Executor } from '@marketplace/platform';
import { sql } from 'kysely';
import type { MovePhase, ShardMove } from '../domain/shard-move.ts';
import type { CommentsDatabase } from './schema.ts';

/** The control tables of shard 0: shard moves and the processes' reported shard lists. */
type ControlDb = Executor<CommentsDatabase>;

export async function listShardMoves(db: ControlDb): Promise<ShardMove[]> {
  const rows = await db.selectFrom('shard_moves').selectAll().orderBy('shard_count').execute();
  return rows.map((r) => ({
    shardCount: r.shard_count,
    phase: r.phase as MovePhase,
    copyStartedAt: r.copy_started_at,
    copiedAt: r.copied_at,
  }));
}

/** Records a move in its copying phase unless it is recorded already (keeping its first start). */
export async function beginShardMove(db: ControlDb, shardCount: number, startedAt: Date): Promise<void> {
  await db
    .insertInto('shard_moves')
    .values({ shard_count: shardCount, phase: 'copying', copy_started_at: startedAt })
    .onConflict((oc) => oc.column('shard_count').doNothing())
    .execute();
}

/** Moves the phase on when it is one of `from` (one statement); false when it was not. */
export async function advanceShardMove(
  db: ControlDb,
  shardCount: number,
  from: readonly MovePhase[],
  to: MovePhase,
): Promise<boolean> {
  const result = await db
    .updateTable('shard_moves')
    .set({ phase: to, updated_at: sql`now()` })
    .where('shard_count', '=', shardCount)
    .where('phase', 'in', [...from])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markShardMoveCopied(db: ControlDb, shardCount: number): Promise<void> {
  await db
    .updateTable('shard_moves')
    .set({ copied_at: sql`now()`, updated_at: sql`now()` })
    .where('shard_count', '=', shardCount)
    .execute();
}

/** Processes heard from within `liveMs` (by shard 0's clock), with the shard count each serves. */
export async function liveServiceInstances(
  db: ControlDb,
  liveMs: number,
): Promise<Array<{ instance: string; shardCount: number }>> {
  const rows = await db
    .selectFrom('service_instances')
    .select(['instance', 'shard_count'])
    .where('seen_at', '>', sql<Date>`now() - make_interval(secs => ${liveMs / 1000})`)
    .orderBy('instance')
    .execute();
  return rows.map((r) => ({ instance: r.instance, shardCount: r.shard_count }));
}

/** Says (again) that `instance` serves `shardCount` shards. */
export async function reportServiceInstance(
  db: ControlDb,
  instance: string,
  shardCount: number,
): Promise<void> {
  await db
    .insertInto('service_instances')
    .values({ instance, shard_count: shardCount, seen_at: sql<Date>`now()` })
    .onConflict((oc) =>
      oc.column('instance').doUpdateSet({ shard_count: shardCount, seen_at: sql<Date>`now()` }),
    )
    .execute();
}

/** Removes processes not heard from for `silentMs` (stopped without saying so), keeping the list bounded. */
export async function forgetSilentInstances(db: ControlDb, silentMs: number): Promise<void> {
  await db
    .deleteFrom('service_instances')
    .where('seen_at', '<', sql<Date>`now() - make_interval(secs => ${silentMs / 1000})`)
    .execute();
}

export async function forgetServiceInstance(db: ControlDb, instance: string): Promise<void> {
  await db.deleteFrom('service_instances').where('instance', '=', instance).execute();
}
