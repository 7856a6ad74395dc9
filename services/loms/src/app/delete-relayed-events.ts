import { deleteOlderThanRetention } from './drain-in-batches.ts';
import type { LomsDeps, RetentionOptions } from './ports.ts';

/**
 * Deletes outbox messages sent longer than `retentionMs` ago, oldest first, in batches until a
 * short one; unsent messages are never deleted. Returns how many were deleted.
 */
export function deleteRelayedEvents(deps: LomsDeps, options: RetentionOptions): Promise<number> {
  return deleteOlderThanRetention(deps.clock, options, (before, limit) =>
    deps.store.repos.outbox.deleteSentBefore(before, limit),
  );
}
