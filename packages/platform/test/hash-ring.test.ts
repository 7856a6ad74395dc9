import { describe, expect, it } from 'vitest';
import { createHashRing, RING_SIZE, ringPosition } from '../src/hash-ring.ts';

const KEYS = Array.from({ length: 10_000 }, (_, i) => String(i + 1));

function countsPerNode(nodeCount: number): number[] {
  const ring = createHashRing(nodeCount);
  const counts = new Array<number>(nodeCount).fill(0);
  for (const key of KEYS) counts[ring.nodeOf(key)]! += 1;
  return counts;
}

describe('createHashRing', () => {
  it('places keys on 32-bit positions and always gives a key the same node', () => {
    const position = ringPosition('1076963');
    expect(Number.isInteger(position) && position >= 0 && position < RING_SIZE).toBe(true);
    const [a, b] = [createHashRing(3), createHashRing(3)];
    expect(KEYS.slice(0, 100).map((k) => a.nodeOf(k))).toEqual(KEYS.slice(0, 100).map((k) => b.nodeOf(k)));
  });

  it('wraps positions past the last point around to the first', () => {
    const ring = createHashRing(4);
    expect(ring.ownerOf(RING_SIZE - 1)).toBe(ring.ownerOf(0));
  });

  it.each([2, 3, 4, 5])('spreads 10,000 keys over %i nodes within a tenth of even', (nodeCount) => {
    const even = KEYS.length / nodeCount;
    for (const count of countsPerNode(nodeCount)) expect(Math.abs(count - even) / even).toBeLessThan(0.1);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'moves only keys to the new node, about 1/N of them, growing from %i nodes to N',
    (before) => {
      const [old, grown] = [createHashRing(before), createHashRing(before + 1)];
      const moved = KEYS.filter((key) => old.nodeOf(key) !== grown.nodeOf(key));
      expect(moved.every((key) => grown.nodeOf(key) === before)).toBe(true);
      // 1/N is the ideal; the ring's unevenness (about 1/sqrt(256) per node) allows some more or less.
      const share = moved.length / KEYS.length;
      expect(share).toBeLessThan(1.15 / (before + 1));
      expect(share).toBeGreaterThan(0.85 / (before + 1));
    },
  );

  it('refuses a ring without nodes', () => {
    expect(() => createHashRing(0)).toThrow(RangeError);
  });
});
