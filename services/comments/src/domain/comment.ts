/** A comment as stored: `createdAt` has millisecond precision. */
export interface Comment {
  id: bigint;
  userId: bigint;
  sku: bigint;
  text: string;
  createdAt: Date;
}

const compareBigints = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The order of every list: newest first, equal times by user id ascending, then by id descending
 * (the later of one user's comments in the same millisecond first), so the order is total.
 */
export function newestFirst(a: Comment, b: Comment): number {
  return (
    b.createdAt.getTime() - a.createdAt.getTime() ||
    compareBigints(a.userId, b.userId) ||
    compareBigints(b.id, a.id)
  );
}
