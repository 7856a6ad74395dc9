import type { EventPublisher } from '@marketplace/platform';
import type { LomsDeps } from './ports.ts';

/**
 * Publishes the oldest unsent outbox messages and marks them sent, in one transaction that holds
 * their rows: they are marked only after the broker acknowledged them, and a failed publish leaves
 * them unsent for the next try (at least once). Only one replica relays at a time, in id order,
 * which keeps each order's events in order. Returns how many were published.
 */
export async function relayOutboxBatch(
  deps: LomsDeps,
  publisher: EventPublisher,
  batchSize: number,
): Promise<number> {
  return deps.store.transaction(async ({ outbox }) => {
    if (!(await outbox.tryLockRelay())) return 0;
    const messages = await outbox.claimUnsent(batchSize);
    if (messages.length === 0) return 0;
    await publisher.publish(messages);
    await outbox.markSent(messages.map((m) => m.id));
    return messages.length;
  });
}

/** Deletes sent messages older than `retentionMs`. */
export function deleteRelayedEvents(deps: LomsDeps, retentionMs: number): Promise<number> {
  return deps.store.repos.outbox.deleteSentBefore(new Date(deps.clock.now().getTime() - retentionMs));
}
