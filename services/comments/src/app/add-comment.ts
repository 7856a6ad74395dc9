import { slotOfSku } from '../domain/sharding.ts';
import type { CommentsDeps } from './ports.ts';

export interface AddCommentInput {
  userId: bigint;
  sku: bigint;
  text: string;
}

/** Stores a comment on the shard of its sku, stamped with the current millisecond; returns its id. */
export async function addComment(deps: CommentsDeps, input: AddCommentInput): Promise<bigint> {
  const slot = slotOfSku(input.sku);
  return deps.store.shardOf(slot).insert({ ...input, createdAt: deps.clock.now() }, slot);
}
