import type { Executor } from '@marketplace/platform';
import { sql } from 'kysely';
import { type AddShardStep, addShardStepRefusal, INSTANCE_LIVE_MS } from '../domain/shard-move.ts';
import { departSlots } from './departed-slots.ts';
import type { CommentsDatabase } from './schema.ts';
import {
  compareMovedSlots,
  copyToNewShard,
  countMissingCopies,
  deleteMovedFromOldShards,
  leavingSlots,
} from './shard-growth.ts';
import {
  advanceShardMove,
  beginShardMove,
  listShardMoves,
  liveServiceInstances,
  markShardMoveCopied,
} from './shard-moves.ts';

type Db = Executor<CommentsDatabase>;

/** A step of add-shard that may not run now; the message says why and what to do instead. */
export class AddShardRefusedError extends Error {
  constructor(step: AddShardStep, reason: string) {
    super(`add-shard ${step}: ${reason}`);
    this.name = 'AddShardRefusedError';
  }
}

export interface AddShardStepOptions {
  /** The service's edit window: how far back a comment may still have been changed. */
  editWindowMs: number;
  now?: () => Date;
  /** How recently a process must have reported to count as running (default INSTANCE_LIVE_MS). */
  liveMs?: number;
}

/** Key of the advisory lock on shard 0 that lets one add-shard step run at a time. */
const STEP_LOCK = 'comments.add-shard';
/** Clocks of this host and the service's may differ by this much. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Runs one step of growing to `shards` (the old shards in order, then the new one), after checking
 * against the phase recorded on shard 0 that it may run now (see domain/shard-move.ts).
 */
export async function runAddShardStep(
  step: AddShardStep,
  shards: readonly Db[],
  options: AddShardStepOptions,
): Promise<Record<string, number>> {
  const control = shards[0]!;
  return control.connection().execute(async (lockHolder) => {
    const { rows } = await sql<{ locked: boolean }>`
      SELECT pg_try_advisory_lock(hashtext(${STEP_LOCK})) AS locked`.execute(lockHolder);
    if (!rows[0]?.locked) throw new AddShardRefusedError(step, 'another add-shard step is running');
    try {
      const refusal = addShardStepRefusal(step, shards.length, await listShardMoves(control));
      if (refusal) throw new AddShardRefusedError(step, refusal);
      if (step === 'copy') return await copy(shards, options);
      if (step === 'cut-over') return await cutOver(shards, options);
      return await cleanup(shards, options);
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtext(${STEP_LOCK}))`.execute(lockHolder);
    }
  });
}

async function copy(shards: readonly Db[], { now = () => new Date() }: AddShardStepOptions) {
  await beginShardMove(shards[0]!, shards.length, now());
  const report = await copyToNewShard(shards);
  await markShardMoveCopied(shards[0]!, shards.length);
  return { ...report };
}

/** Pauses writes to the moving slots, copies what could have changed, checks every slot, cuts over. */
async function cutOver(shards: readonly Db[], { editWindowMs }: AddShardStepOptions) {
  const [control, shardCount] = [shards[0]!, shards.length];
  await advanceShardMove(control, shardCount, ['copying', 'catching-up'], 'catching-up');
  for (const [from, slots] of leavingSlots(shardCount)) await departSlots(shards[from]!, slots, shardCount);
  const move = (await listShardMoves(control)).find((m) => m.shardCount === shardCount)!;
  const since = new Date(move.copyStartedAt.getTime() - editWindowMs - CLOCK_SKEW_MS);
  const report = await copyToNewShard(shards, since);
  const mismatches = await compareMovedSlots(shards);
  if (mismatches.length > 0) {
    const shown = mismatches
      .slice(0, 5)
      .map((m) => `slot ${m.slot} from shard ${m.fromShard}: ${m.sourceRows} rows, copy ${m.copyRows}`);
    throw new AddShardRefusedError(
      'cut-over',
      `${mismatches.length} moved slots differ from their copies (${shown.join('; ')}); writes to the moving slots stay paused: run add-shard copy (a full copy), then cut-over again`,
    );
  }
  await advanceShardMove(control, shardCount, ['catching-up'], 'cut-over');
  return { ...report, verifiedSlots: [...leavingSlots(shardCount).values()].flat().length };
}

/** Deletes the old shards' copies once they are on the new shard and no process reads the old list. */
async function cleanup(shards: readonly Db[], { liveMs = INSTANCE_LIVE_MS }: AddShardStepOptions) {
  const [control, shardCount] = [shards[0]!, shards.length];
  const missing = await countMissingCopies(shards);
  if (missing > 0)
    throw new AddShardRefusedError('cleanup', `${missing} moved comments have no copy on the new shard`);
  const running = await liveServiceInstances(control, liveMs);
  const stale = running.filter((r) => r.shardCount < shardCount);
  if (stale.length > 0) {
    const named = stale.map((r) => `${r.instance} (${r.shardCount} shards)`).join(', ');
    throw new AddShardRefusedError(
      'cleanup',
      `running processes still serve the old shard list: ${named}; restart them with the new SHARD_URLS`,
    );
  }
  if (running.length === 0)
    throw new AddShardRefusedError(
      'cleanup',
      `no comments process has reported serving ${shardCount} shards in the last ${liveMs / 1000}s: start them with the new SHARD_URLS first`,
    );
  const report = await deleteMovedFromOldShards(shards);
  await advanceShardMove(control, shardCount, ['cut-over', 'cleaned'], 'cleaned');
  return { ...report };
}
