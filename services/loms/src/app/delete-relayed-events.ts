import { drainInBatches } from './drain-in-batches.ts';
import type { LomsDeps, RetentionOptions } from './ports.ts';

/**
 * Deletes outbox messages sent longer than `retentionMs` ago, oldest first, in batches until a
 * short one; unsent messages are never deleted. Returns how many were deleted.
 */
export function deleteRelayedEvents(
  deps: LomsDeps,
  { retentionMs, ...batches }: RetentionOptions,
): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - retentionMs);
  return drainInBatches((limit) => deps.store.repos.outbox.deleteSentBefore(before, limit), batches);
}
