import { currentTraceHeaders, type Executor } from '@marketplace/platform';
import { type OperationNodeSource, sql } from 'kysely';
import type { OutboxRepository } from '../app/ports.ts';
import type { OrderEvent } from '../domain/order-event.ts';
import { orderEventKey, orderEventPayload } from './order-event-message.ts';
import type { LomsDatabase } from './schema.ts';

/** The outbox: order events stored with everything the relay needs to publish them as they are. */
export function createOutboxRepository(db: Executor<LomsDatabase>): OutboxRepository {
  return {
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
      // The `limit` oldest sends before the cutoff, a range scan of outbox_sent_at_idx (unsent rows,
      // sent_at NULL, are not in it), then deleted by primary key: an array, not `IN (subquery)`,
      // which the planner may answer with a hash join over the whole table.
      const result = await sql`
        DELETE FROM outbox WHERE id = ANY(ARRAY(
          SELECT id FROM outbox WHERE sent_at < ${before} ORDER BY sent_at LIMIT ${limit}))`.execute(db);
      return Number(result.numAffectedRows ?? 0n);
    },
  };
}

/**
 * The statement that stores `events` for the relay to publish on `topic`, with the trace context of
 * the current span (see executeAsOneStatement), their ids in the order given (the relay publishes
 * in id order); one text for any number of events, so it is prepared once.
 */
export function insertOutboxStatement(topic: string, events: readonly OrderEvent[]): OperationNodeSource {
  const headers = currentTraceHeaders();
  return sql`
    INSERT INTO outbox (event_id, topic, key, payload, headers)
    SELECT v.event_id, ${topic}, v.key, v.payload, ${headers}::jsonb || jsonb_build_object('event-id', v.event_id)
    FROM unnest(
      ${events.map((e) => e.eventId)}::uuid[],
      ${events.map(orderEventKey)}::text[],
      ${events.map(orderEventPayload)}::text[]
    ) WITH ORDINALITY AS v (event_id, key, payload, n)
    ORDER BY v.n`;
}
