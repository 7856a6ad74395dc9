import { createHash } from 'node:crypto';

/** Size of the ring: positions are unsigned 32-bit integers. */
export const RING_SIZE = 2 ** 32;

/** A key's position on the ring: the first 32 bits of its MD5, as ketama places keys. */
export function ringPosition(key: string): number {
  return createHash('md5').update(key).digest().readUInt32BE(0);
}

/**
 * A consistent-hash ring over nodes numbered 0..nodeCount-1. Each node stands at `virtualNodes`
 * pseudo-random points; a position belongs to the first point at or after it (wrapping around).
 * Node points depend only on the node's number, so adding node N takes positions only from the
 * others and moves about 1/(N+1) of them, all to the new node.
 */
export interface HashRing {
  readonly nodeCount: number;
  /** The node owning a ring position (0 <= position < RING_SIZE). */
  ownerOf(position: number): number;
  /** The node owning `key`, placed by ringPosition. */
  nodeOf(key: string): number;
}

/** Builds a ring; `virtualNodes` (default 256) trades memory for evenness (about 1/sqrt of it). */
export function createHashRing(nodeCount: number, { virtualNodes = 256 } = {}): HashRing {
  if (!Number.isInteger(nodeCount) || nodeCount < 1) throw new RangeError('a ring needs at least one node');
  const points: Array<{ position: number; node: number }> = [];
  for (let node = 0; node < nodeCount; node++) {
    for (let v = 0; v < virtualNodes; v++) points.push({ position: ringPosition(`node-${node}#${v}`), node });
  }
  // Equal positions (a hash collision) go to the lower node number, so the order is deterministic.
  points.sort((a, b) => a.position - b.position || a.node - b.node);
  const positions = Uint32Array.from(points, (p) => p.position);
  const nodes = Uint32Array.from(points, (p) => p.node);

  const ownerOf = (position: number) => {
    let low = 0;
    let high = positions.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((positions[middle] as number) < position) low = middle + 1;
      else high = middle;
    }
    return nodes[low % positions.length] as number;
  };
  return { nodeCount, ownerOf, nodeOf: (key) => ownerOf(ringPosition(key)) };
}
