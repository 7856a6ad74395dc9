import { currentTraceHeaders, type Executor } from '@marketplace/platform';
import type { OutboxRepository } from '../app/ports.ts';
import { ORDER_EVENTS_TOPIC, orderEventKey, orderEventPayload } from '../domain/order-event.ts';
import type { LomsDatabase } from './schema.ts';

/** Writes order events into the outbox with everything the relay needs to publish them as is. */
export function createOutboxRepository(db: Executor<LomsDatabase>): OutboxRepository {
  return {
    async add(events) {
      if (events.length === 0) return;
      const trace = currentTraceHeaders();
      await db
        .insertInto('outbox')
        .values(
          events.map((event) => ({
            event_id: event.eventId,
            topic: ORDER_EVENTS_TOPIC,
            key: orderEventKey(event),
            payload: orderEventPayload(event),
            headers: { 'event-id': event.eventId, ...trace },
          })),
        )
        .execute();
    },
  };
}
