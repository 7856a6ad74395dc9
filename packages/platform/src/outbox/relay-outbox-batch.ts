import type { EventPublisher } from '../kafka/event-publisher.ts';
import type { OutboxRelaySession } from './outbox-relay-session.ts';

/**
 * Publishes the oldest unsent outbox messages and marks them sent, holding the relay lock of
 * `session` (kept until it closes) but no transaction: read the committed backlog, publish, mark
 * sent, each a statement of its own. Messages are marked only after the broker acknowledged them; a failed publish, or a
 * relay that dies before marking, leaves them unsent for the next batch (at least once, duplicates
 * possible). One relay at a time, taking batch after batch in id order, keeps each key's events
 * in order. Returns how many were published and whether this session held the lock (false, with
 * nothing published, while another relay holds it).
 */
export async function relayOutboxBatch(
  session: OutboxRelaySession,
  publisher: EventPublisher,
  batchSize: number,
): Promise<{ published: number; locked: boolean }> {
  if (!(await session.tryLock())) return { published: 0, locked: false };
  const messages = await session.unsent(batchSize);
  if (messages.length === 0) return { published: 0, locked: true };
  await publisher.publish(messages);
  await session.markSent(messages.map((m) => m.id));
  return { published: messages.length, locked: true };
}
