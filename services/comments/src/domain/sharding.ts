import { createHashRing, RING_SIZE, ringPosition } from '@marketplace/platform';

/**
 * The hash ring is cut into SLOT_COUNT equal slots. A sku lives in the slot of its ring position,
 * and a slot lives on the shard that owns the slot's first position. Slots, not skus, are what
 * moves when a shard is added, and a comment id carries its slot in its low SLOT_BITS bits, so an
 * id keeps naming the right shard after a move.
 */
export const SLOT_BITS = 14;
export const SLOT_COUNT = 2 ** SLOT_BITS;

/**
 * Virtual nodes per shard: a share of the ring varies by about 1/sqrt of this (3%). The map is
 * built once at start, so the cost of many points does not matter. Changing it moves slots.
 */
const VIRTUAL_NODES = 1024;

/** The slot holding `sku`'s comments. */
export function slotOfSku(sku: bigint): number {
  return ringPosition(sku.toString()) >>> (32 - SLOT_BITS);
}

/** The slot a comment id was made in (ids are sequence * SLOT_COUNT + slot). */
export function slotOfCommentId(id: bigint): number {
  return Number(BigInt.asUintN(SLOT_BITS, id));
}

/** Which shard holds each slot, for a given number of shards. */
export interface ShardMap {
  readonly shardCount: number;
  shardOfSlot(slot: number): number;
}

/** Places the slots on `shardCount` shards by consistent hashing (shards are numbered 0..N-1). */
export function createShardMap(shardCount: number): ShardMap {
  const ring = createHashRing(shardCount, { virtualNodes: VIRTUAL_NODES });
  const slotWidth = RING_SIZE / SLOT_COUNT;
  const shards = Uint16Array.from({ length: SLOT_COUNT }, (_, slot) => ring.ownerOf(slot * slotWidth));
  return { shardCount, shardOfSlot: (slot) => shards[slot] as number };
}

/** The slots that change shard between two maps, grouped by the shard they leave. */
export function slotsLeaving(before: ShardMap, after: ShardMap): Map<number, number[]> {
  const leaving = new Map<number, number[]>();
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const from = before.shardOfSlot(slot);
    if (from === after.shardOfSlot(slot)) continue;
    const slots = leaving.get(from) ?? [];
    slots.push(slot);
    leaving.set(from, slots);
  }
  return leaving;
}
