import { currentTraceHeaders, type Executor } from '@marketplace/platform';
import { sql } from 'kysely';
import type { OutboxRepository } from '../app/ports.ts';
import { orderEventKey, orderEventPayload } from '../domain/order-event.ts';
import type { LomsDatabase } from './schema.ts';

/** The outbox: order events stored with everything the relay needs to publish them as they are. */
export function createOutboxRepository(db: Executor<LomsDatabase>, topic: string): OutboxRepository {
  return {
    async add(events) {
      if (events.length === 0) return;
      const trace = currentTraceHeaders();
      await db
        .insertInto('outbox')
        .values(
          events.map((event) => ({
            event_id: event.eventId,
            topic,
            key: orderEventKey(event),
            payload: orderEventPayload(event),
            headers: { 'event-id': event.eventId, ...trace },
          })),
        )
        .execute();
    },

    async backlog() {
      const row = await db
        .selectFrom('outbox')
        .select([
          sql<string>`count(*)`.as('count'),
          sql<number | null>`extract(epoch FROM now() - min(created_at))::float8`.as('age'),
        ])
        .where('sent_at', 'is', null)
        .executeTakeFirstOrThrow();
      return { count: Number(row.count), oldestAgeSeconds: Math.max(0, row.age ?? 0) };
    },

    async deleteSentBefore(before, limit) {
      // The oldest `limit` rows by id (a bounded scan of the primary key; there is no index on
      // sent_at), deleting those sent before the cutoff. Events are sent in id order, so the old
      // sent rows are the head of the table; a short batch means the head is young or unsent.
      const result = await sql`
        WITH head AS (SELECT id, sent_at FROM outbox ORDER BY id LIMIT ${limit})
        DELETE FROM outbox WHERE id IN (SELECT id FROM head WHERE sent_at < ${before})`.execute(db);
      return Number(result.numAffectedRows ?? 0n);
    },
  };
}
