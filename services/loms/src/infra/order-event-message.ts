import { stringifyJson } from '@marketplace/platform';
import type { OrderEvent } from '../domain/order-event.ts';

/** The contract's topic of order events (ORDER_EVENTS_TOPIC overrides it). */
export const ORDER_EVENTS_TOPIC = 'loms.order-events';

/**
 * The event's Kafka value, exactly the contract's fields in the contract's order. The order id is
 * an exact JSON number over the whole int64 range (never rounded through a double).
 */
export function orderEventPayload(event: OrderEvent): string {
  return stringifyJson({
    order_id: event.orderId,
    status: event.status,
    moment: event.moment.toISOString(),
  });
}

/** Kafka key: the order id as a decimal string, so one order's events share a partition. */
export function orderEventKey(event: OrderEvent): string {
  return event.orderId.toString();
}
