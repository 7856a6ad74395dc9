import { deleteOlderThanRetention } from './drain-in-batches.ts';
import type { LomsDeps, RetentionOptions } from './ports.ts';

/**
 * Forgets Idempotency-Keys claimed longer than `retentionMs` ago (a retry after that creates a new
 * order), in batches until a short one; returns how many were deleted.
 */
export function forgetIdempotencyKeys(deps: LomsDeps, options: RetentionOptions): Promise<number> {
  return deleteOlderThanRetention(deps.clock, options, (before, limit) =>
    deps.store.repos.idempotency.deleteOlderThan(before, limit),
  );
}
