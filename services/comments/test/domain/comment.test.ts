import { describe, expect, it } from 'vitest';
import { type Comment, newestFirst } from '../../src/domain/comment.ts';

const comment = (id: bigint, userId: bigint, at: string): Comment => ({
  id,
  userId,
  sku: 1n,
  text: 'x',
  createdAt: new Date(at),
});

describe('newestFirst', () => {
  it('sorts newest first, equal times by user id ascending, then the later id first', () => {
    const older = comment(1n, 1n, '2026-01-01T00:00:00.000Z');
    const user2 = comment(2n, 2n, '2026-01-01T00:00:00.001Z');
    const user10 = comment(3n, 10n, '2026-01-01T00:00:00.001Z');
    const user10Later = comment(4n, 10n, '2026-01-01T00:00:00.001Z');
    const newest = comment(5n, 99n, '2026-01-01T00:00:01.000Z');
    const sorted = [older, user10, user2, newest, user10Later].sort(newestFirst);
    expect(sorted.map((c) => c.id)).toEqual([5n, 2n, 4n, 3n, 1n]);
  });
});
