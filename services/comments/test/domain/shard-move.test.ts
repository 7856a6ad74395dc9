import { describe, expect, it } from 'vitest';
import {
  type AddShardStep,
  addShardStepRefusal,
  type MovePhase,
  type ShardMove,
  shardListRefusal,
} from '../../src/domain/shard-move.ts';

const at = new Date('2026-11-21T10:00:00Z');
const move = (shardCount: number, phase: MovePhase, copied = true): ShardMove => ({
  shardCount,
  phase,
  copyStartedAt: at,
  copiedAt: copied ? at : null,
});
const allowed = (step: AddShardStep, moves: ShardMove[]) => addShardStepRefusal(step, 3, moves) === undefined;

describe('addShardStepRefusal', () => {
  it('allows copy until the cut-over, cut-over after a complete copy, cleanup after the cut-over', () => {
    expect(['copy', 'cut-over', 'cleanup'].map((s) => allowed(s as AddShardStep, []))).toEqual([
      true,
      false,
      false,
    ]);
    const table: Array<[ShardMove, boolean, boolean, boolean]> = [
      [move(3, 'copying', false), true, false, false],
      [move(3, 'copying'), true, true, false],
      [move(3, 'catching-up'), true, true, false],
      [move(3, 'cut-over'), false, false, true],
      [move(3, 'cleaned'), false, false, true],
    ];
    for (const [m, copy, cutOver, cleanup] of table)
      expect([allowed('copy', [m]), allowed('cut-over', [m]), allowed('cleanup', [m])], m.phase).toEqual([
        copy,
        cutOver,
        cleanup,
      ]);
  });

  it('says what to run instead', () => {
    expect(addShardStepRefusal('cut-over', 3, [])).toMatch(/run add-shard copy first/);
    expect(addShardStepRefusal('cleanup', 3, [move(3, 'copying')])).toMatch(/not cut over \(copying\)/);
    expect(addShardStepRefusal('copy', 3, [move(3, 'cut-over')])).toMatch(/would overwrite/);
  });

  it('refuses any step of a move while an earlier one is unfinished or a later one exists', () => {
    expect(addShardStepRefusal('copy', 4, [move(3, 'cut-over')])).toMatch(/move to 3 shards is at cut-over/);
    expect(addShardStepRefusal('copy', 4, [move(3, 'cleaned')])).toBeUndefined();
    expect(addShardStepRefusal('cleanup', 3, [move(3, 'cleaned'), move(4, 'copying')])).toMatch(
      /already grew to 4/,
    );
  });
});

describe('shardListRefusal', () => {
  it('keeps a process off a new shard before its cut-over and off an old list after one', () => {
    expect(shardListRefusal(3, [move(3, 'catching-up')])).toMatch(/run add-shard cut-over/);
    expect(shardListRefusal(2, [move(3, 'cut-over')])).toMatch(/grew to 3/);
    expect(shardListRefusal(2, [move(3, 'copying')])).toBeUndefined();
    expect(shardListRefusal(3, [move(3, 'cut-over')])).toBeUndefined();
    expect(shardListRefusal(2, [])).toBeUndefined();
  });
});
