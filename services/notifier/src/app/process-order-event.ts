import type { IncomingEvent } from '@marketplace/platform';
import { parseOrderEvent } from '../domain/order-event.ts';
import type { NotifierDeps } from './ports.ts';

export type ProcessOutcome = 'notified' | 'duplicate' | 'parked';

/**
 * Acts on one order event exactly once in effect: the event id is recorded first, so a redelivered
 * event is recognised and skipped. A message that is not an order event is parked with the reason.
 */
export async function processOrderEvent(deps: NotifierDeps, message: IncomingEvent): Promise<ProcessOutcome> {
  const parsed = parseOrderEvent(message.value, message.headers);
  const position = { topic: message.topic, partition: message.partition, offset: message.offset };
  if (!parsed.ok) {
    deps.notifications.warn({ ...position, reason: parsed.reason }, 'unparseable order event parked');
    await deps.deadLetters.park(message, parsed.reason);
    return 'parked';
  }
  const { event } = parsed;
  if (!(await deps.processed.recordOnce(event, position))) return 'duplicate';
  deps.notifications.info(
    {
      event_id: event.eventId,
      order_id: Number(event.orderId),
      status: event.status,
      moment: event.moment.toISOString(),
      partition: message.partition,
      offset: message.offset,
    },
    'order status changed',
  );
  return 'notified';
}
