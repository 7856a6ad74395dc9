import type { OrderEvent } from './order-status.ts';

export const ORDER_EVENTS_TOPIC = 'loms.order-events';

/** The event's Kafka value, exactly the contract's fields in the contract's order. */
export function orderEventPayload(event: OrderEvent): string {
  return JSON.stringify({
    order_id: Number(event.orderId),
    status: event.status,
    moment: event.moment.toISOString(),
  });
}

/** Kafka key: the order id as a decimal string, so one order's events share a partition. */
export function orderEventKey(event: OrderEvent): string {
  return event.orderId.toString();
}
