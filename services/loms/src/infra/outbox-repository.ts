import { currentTraceHeaders, type Executor } from '@marketplace/platform';
import { sql } from 'kysely';
import type { OutboxRepository } from '../app/ports.ts';
import { orderEventKey, orderEventPayload } from '../domain/order-event.ts';
import type { LomsDatabase } from './schema.ts';

const RELAY_LOCK = 'loms.outbox-relay';

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

    async tryLockRelay() {
      const { rows } = await sql<{ locked: boolean }>`
        SELECT pg_try_advisory_xact_lock(hashtext(${RELAY_LOCK})) AS locked`.execute(db);
      return rows[0]?.locked === true;
    },

    async claimUnsent(limit) {
      const rows = await db
        .selectFrom('outbox')
        .select(['id', 'topic', 'key', 'payload', 'headers'])
        .where('sent_at', 'is', null)
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      return rows.map((r) => ({
        id: r.id,
        topic: r.topic,
        key: r.key,
        value: r.payload,
        headers: r.headers,
      }));
    },

    async markSent(ids) {
      if (ids.length === 0) return;
      await db
        .updateTable('outbox')
        .set({ sent_at: new Date() })
        .where('id', 'in', [...ids])
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

    async deleteSentBefore(before) {
      const result = await db.deleteFrom('outbox').where('sent_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
