import type { Executor } from '@marketplace/platform';
import type { ProcessedEventRepository } from '../app/ports.ts';
import type { NotifierDatabase } from './schema.ts';

export function createProcessedEventRepository(db: Executor<NotifierDatabase>): ProcessedEventRepository {
  return {
    async recordOnce(event, position) {
      const row = await db
        .insertInto('processed_events')
        .values({
          event_id: event.eventId,
          order_id: event.orderId,
          status: event.status,
          moment: event.moment,
          topic: position.topic,
          partition: position.partition,
          offset: BigInt(position.offset),
        })
        .onConflict((oc) => oc.column('event_id').doNothing())
        .returning('event_id')
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
