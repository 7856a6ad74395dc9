/**
 * The phases of adding a shard, recorded on shard 0 (see README, "Adding a shard"):
 *   copying      the new shard is being filled while the service writes on (a copy may run again)
 *   catching-up  writes to the moving slots are refused on the old shards while the last changes
 *                are copied and the copies checked
 *   cut-over     the copies are complete: processes start with the new shard list, which now
 *                serves the moved slots (the old shards refuse writes to them for good)
 *   cleaned      the old shards' copies are deleted
 */
export type MovePhase = 'copying' | 'catching-up' | 'cut-over' | 'cleaned';
export type AddShardStep = 'copy' | 'cut-over' | 'cleanup';

export interface ShardMove {
  /** The shard count the move grows to (the new shard is number shardCount - 1). */
  shardCount: number;
  phase: MovePhase;
  copyStartedAt: Date;
  /** When a copy last ran to its end; null until one has. */
  copiedAt: Date | null;
}

/** How often a running process reports its shard list on shard 0. */
export const INSTANCE_REPORT_INTERVAL_MS = 5_000;
/** A process not heard from for this long is taken to have stopped. */
export const INSTANCE_LIVE_MS = 30_000;
/** A process not heard from for this long is removed from the reports when another starts. */
export const INSTANCE_FORGET_MS = 3_600_000;

const pastCutOver = (move: ShardMove | undefined) => move?.phase === 'cut-over' || move?.phase === 'cleaned';

/** Why `step` of the move to `shardCount` shards may not run now, given every recorded move. */
export function addShardStepRefusal(
  step: AddShardStep,
  shardCount: number,
  moves: readonly ShardMove[],
): string | undefined {
  const grown = moves.find((m) => m.shardCount > shardCount);
  if (grown)
    return `the shards already grew to ${grown.shardCount}: SHARD_URLS must list every shard, the newest last`;
  const unfinished = moves.find((m) => m.shardCount < shardCount && m.phase !== 'cleaned');
  if (unfinished)
    return `the move to ${unfinished.shardCount} shards is at ${unfinished.phase}: finish it (through cleanup) first`;
  const move = moves.find((m) => m.shardCount === shardCount);
  switch (step) {
    case 'copy':
      return pastCutOver(move)
        ? `the move to ${shardCount} shards is past its cut-over: the new shard takes writes now, and a copy would overwrite them`
        : undefined;
    case 'cut-over':
      if (pastCutOver(move))
        return `the move to ${shardCount} shards is already cut over: restart every process with the new SHARD_URLS, then run cleanup`;
      return move?.copiedAt
        ? undefined
        : `no complete copy to ${shardCount} shards yet: run add-shard copy first`;
    case 'cleanup':
      return pastCutOver(move)
        ? undefined
        : `the move to ${shardCount} shards is not cut over (${move?.phase ?? 'not started'}): run add-shard cut-over and restart every process with the new SHARD_URLS first`;
  }
}

/** Why a process may not serve with `shardCount` shards, given every recorded move. */
export function shardListRefusal(shardCount: number, moves: readonly ShardMove[]): string | undefined {
  const unfinished = moves.find((m) => m.shardCount === shardCount && !pastCutOver(m));
  if (unfinished)
    return `SHARD_URLS lists ${shardCount} shards, but the move to ${shardCount} is at ${unfinished.phase}: run add-shard cut-over before starting with the new list`;
  const grown = moves.find((m) => m.shardCount > shardCount && pastCutOver(m));
  if (grown)
    return `SHARD_URLS lists ${shardCount} shards, but the shards grew to ${grown.shardCount}: list every shard, the newest last`;
  return undefined;
}
