import type { Executor } from '@marketplace/platform';
import type { Insertable } from 'kysely';
import { type EventPosition, EventRejectedError, type ProcessedEventRepository } from '../app/ports.ts';
import type { OrderEvent } from '../domain/order-event.ts';
import type { NotifierDatabase } from './schema.ts';

/**
 * SQLSTATE classes that depend only on the row being written: data exceptions (22), integrity
 * constraint violations (23) and program limits such as an index row too large (54). Connection
 * failures, shutdowns and missing tables have other classes and are retried.
 */
const PERMANENT_CLASSES = new Set(['22', '23', '54']);

export function createProcessedEventRepository(db: Executor<NotifierDatabase>): ProcessedEventRepository {
  return {
    async recordOnce(event, position) {
      try {
        const row = await db
          .insertInto('processed_events')
          .values(processedEventRow(event, position))
          .onConflict((oc) => oc.column('event_id').doNothing())
          .returning('event_id')
          .executeTakeFirst();
        return row !== undefined;
      } catch (err) {
        throw rejection(err) ?? err;
      }
    },

    async recordEachOnce(records) {
      if (records.length === 0) return new Set();
      try {
        const rows = await db
          .insertInto('processed_events')
          .values(records.map(({ event, position }) => processedEventRow(event, position)))
          .onConflict((oc) => oc.column('event_id').doNothing())
          .returning('event_id')
          .execute();
        return new Set(rows.map((r) => r.event_id));
      } catch (err) {
        throw rejection(err) ?? err;
      }
    },

    async deleteRecords(eventIds) {
      if (eventIds.length === 0) return;
      await db
        .deleteFrom('processed_events')
        .where('event_id', 'in', [...eventIds])
        .execute();
    },

    async deleteRecordedBefore(cutoff, limit) {
      // SKIP LOCKED: replicas pruning at once take different rows instead of waiting on each other.
      const result = await db
        .deleteFrom('processed_events')
        .where(
          'event_id',
          'in',
          db
            .selectFrom('processed_events')
            .select('event_id')
            .where('processed_at', '<', cutoff)
            .orderBy('processed_at')
            .limit(limit)
            .forUpdate()
            .skipLocked(),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/** The record of `event`, read at `position` of its topic. */
function processedEventRow(
  event: OrderEvent,
  position: EventPosition,
): Insertable<NotifierDatabase['processed_events']> {
  return {
    event_id: event.eventId,
    order_id: event.orderId,
    status: event.status,
    moment: event.moment,
    topic: position.topic,
    partition: position.partition,
    offset: BigInt(position.offset),
  };
}

/** The error as an {@link EventRejectedError} when PostgreSQL refused the row itself. */
export function rejection(err: unknown): EventRejectedError | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || code.length !== 5 || !PERMANENT_CLASSES.has(code.slice(0, 2)))
    return undefined;
  return new EventRejectedError(`database rejected the event: ${(err as Error).message} (SQLSTATE ${code})`, {
    cause: err,
  });
}
