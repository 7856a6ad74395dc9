import type { Generated } from 'kysely';

/** Tables of each comments shard, as migrations/comments defines them. */
export interface CommentsDatabase {
  comments: { id: bigint; user_id: bigint; sku: bigint; text: string; created_at: Date };
  shard_identity: { singleton: Generated<boolean>; shard_index: number };
  departed_slots: { slot: number; shard_count: number };
  shard_moves: {
    shard_count: number;
    phase: string;
    copy_started_at: Date;
    copied_at: Date | null;
    updated_at: Generated<Date>;
  };
  service_instances: { instance: string; shard_count: number; seen_at: Date };
}
