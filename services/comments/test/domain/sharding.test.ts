import { describe, expect, it } from 'vitest';
import {
  createShardMap,
  SLOT_COUNT,
  slotOfCommentId,
  slotOfSku,
  slotsLeaving,
} from '../../src/domain/sharding.ts';

const SKUS = Array.from({ length: 10_000 }, (_, i) => BigInt(1_000_000 + i * 7));

const shardOfSku = (map: ReturnType<typeof createShardMap>, sku: bigint) => map.shardOfSlot(slotOfSku(sku));

describe('slots', () => {
  it('puts every sku in a slot of the ring, always the same one', () => {
    const slots = SKUS.slice(0, 1_000).map(slotOfSku);
    expect(slots.every((slot) => Number.isInteger(slot) && slot >= 0 && slot < SLOT_COUNT)).toBe(true);
    expect(SKUS.slice(0, 1_000).map(slotOfSku)).toEqual(slots);
    expect(new Set(slots).size).toBeGreaterThan(900);
  });

  it('reads the slot back from the low bits of a comment id', () => {
    const slot = slotOfSku(1076963n);
    expect(slotOfCommentId(12345n * BigInt(SLOT_COUNT) + BigInt(slot))).toBe(slot);
    expect(slotOfCommentId(BigInt(SLOT_COUNT))).toBe(0);
    expect(slotOfCommentId(2n ** 62n + BigInt(SLOT_COUNT - 1))).toBe(SLOT_COUNT - 1);
  });
});

describe('createShardMap', () => {
  it.each([2, 3, 4, 8])('spreads 10,000 skus over %i shards within a tenth of even', (shardCount) => {
    const map = createShardMap(shardCount);
    const counts = new Array<number>(shardCount).fill(0);
    for (const sku of SKUS) counts[shardOfSku(map, sku)]! += 1;
    const even = SKUS.length / shardCount;
    for (const count of counts) expect(Math.abs(count - even) / even).toBeLessThan(0.1);
  });

  it.each([2, 3, 4, 5, 9])(
    'moves about 1/N of the skus, all to the new shard, growing from %i shards to N',
    (before) => {
      const [old, grown] = [createShardMap(before), createShardMap(before + 1)];
      const moved = SKUS.filter((sku) => shardOfSku(old, sku) !== shardOfSku(grown, sku));
      expect(moved.every((sku) => shardOfSku(grown, sku) === before)).toBe(true);
      // 1/N is the ideal share; the ring's unevenness allows a little more.
      expect(moved.length / SKUS.length).toBeLessThan(1.1 / (before + 1));
      expect(moved.length / SKUS.length).toBeGreaterThan(0.9 / (before + 1));
    },
  );

  it('gives every slot a shard that exists', () => {
    const map = createShardMap(3);
    const shards = new Set(Array.from({ length: SLOT_COUNT }, (_, slot) => map.shardOfSlot(slot)));
    expect([...shards].sort()).toEqual([0, 1, 2]);
  });
});

describe('slotsLeaving', () => {
  it('lists, per old shard, exactly the slots the new map gives to another shard', () => {
    const [before, after] = [createShardMap(2), createShardMap(3)];
    const leaving = slotsLeaving(before, after);
    expect([...leaving.keys()].sort()).toEqual([0, 1]);
    for (const [from, slots] of leaving) {
      for (const slot of slots)
        expect([before.shardOfSlot(slot), after.shardOfSlot(slot)]).toEqual([from, 2]);
    }
    const moved = new Set([...leaving.values()].flat());
    const staying = Array.from({ length: SLOT_COUNT }, (_, slot) => slot).filter((slot) => !moved.has(slot));
    expect(staying.every((slot) => before.shardOfSlot(slot) === after.shardOfSlot(slot))).toBe(true);
    expect(slotsLeaving(before, createShardMap(2)).size).toBe(0);
  });
});
