import type { Generated } from 'kysely';

/** Tables of each comments shard, as migrations/comments defines them. */
export interface CommentsDatabase {
  comments: { id: bigint; user_id: bigint; sku: bigint; text: string; created_at: Date };
  shard_identity: { singleton: Generated<boolean>; shard_index: number };
}
