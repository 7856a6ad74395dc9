import type { IncomingEvent } from '@marketplace/platform';
import { type OrderEvent, parseOrderEvent } from '../domain/order-event.ts';
import { EventRejectedError, type NotifierDeps } from './ports.ts';

export type ProcessOutcome = 'notified' | 'duplicate' | 'parked';

/**
 * Acts on one order event exactly once in effect. The event id is recorded and the notification
 * written in one transaction: a failure anywhere before the commit (the notification's sink, the
 * database, the process) rolls the record back, so the redelivered event is acted on then; once
 * committed, a redelivered event finds its id and is skipped. A message that can never be processed
 * (not an order event, or refused by the database) is parked with the reason, so its partition goes
 * on; any other failure is thrown, leaving the offset uncommitted for a retry.
 */
export async function processOrderEvent(deps: NotifierDeps, message: IncomingEvent): Promise<ProcessOutcome> {
  const parsed = parseOrderEvent(message.value, message.headers);
  if (!parsed.ok) return park(deps, message, parsed.reason);
  const { event } = parsed;
  const position = { topic: message.topic, partition: message.partition, offset: message.offset };
  try {
    return await deps.store.transaction(async (processed) => {
      if (!(await processed.recordOnce(event, position))) return 'duplicate';
      notify(deps, event, message);
      return 'notified';
    });
  } catch (err) {
    if (err instanceof EventRejectedError) return park(deps, message, err.message);
    throw err;
  }
}

/** Writes the notification line of `event`, read as `message` (throws when the sink fails). */
export function notify(deps: NotifierDeps, event: OrderEvent, message: IncomingEvent): void {
  deps.notifications.info(
    {
      event_id: event.eventId,
      // A bigint: the log line carries it as an exact JSON number, whatever its size.
      order_id: event.orderId,
      status: event.status,
      moment: event.moment.toISOString(),
      partition: message.partition,
      offset: message.offset,
    },
    'order status changed',
  );
}

/** Parks `message` on the dead-letter topic with `reason`, logging where it was. */
export async function park(
  deps: NotifierDeps,
  message: IncomingEvent,
  reason: string,
): Promise<ProcessOutcome> {
  const { topic, partition, offset } = message;
  deps.notifications.warn({ topic, partition, offset, reason }, 'unprocessable order event parked');
  await deps.deadLetters.park(message, reason);
  return 'parked';
}
