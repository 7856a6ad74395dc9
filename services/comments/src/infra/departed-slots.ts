import { type Executor, inTransaction } from '@marketplace/platform';
import { sql } from 'kysely';
import type { CommentsDatabase } from './schema.ts';

/** The SQLSTATE of the trigger refusing a write to a slot its shard gave away (migration 002). */
export const SLOT_DEPARTED_SQLSTATE = 'CM001';

export function isSlotDepartedError(err: unknown): boolean {
  return (err as { code?: unknown } | undefined)?.code === SLOT_DEPARTED_SQLSTATE;
}

/**
 * From now on this shard refuses writes to `slots`. The SHARE lock waits for every write in flight
 * on the comments table to commit and holds new ones back until the slots are recorded, so once
 * this returns no write to them can still land here: a copy made afterwards misses nothing.
 */
export async function departSlots(
  db: Executor<CommentsDatabase>,
  slots: readonly number[],
  shardCount: number,
): Promise<void> {
  await inTransaction(db, async (tx) => {
    await sql`LOCK TABLE comments IN SHARE MODE`.execute(tx);
    await sql`
      INSERT INTO departed_slots (slot, shard_count)
      SELECT unnest(${[...slots]}::integer[]), ${shardCount}
      ON CONFLICT (slot) DO NOTHING`.execute(tx);
  });
}
