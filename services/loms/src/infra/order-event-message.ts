import { orderEventOf, writeOrderEventJson } from '@marketplace/platform/order-event';
import type { OrderEvent } from '../domain/order-event.ts';

/** The event's Kafka value, as order_event.proto's shared mapping writes it (the contract's JSON). */
export function orderEventPayload(event: OrderEvent): string {
  return writeOrderEventJson(orderEventOf(event.orderId, event.status, event.moment));
}

/** Kafka key: the order id as a decimal string, so one order's events share a partition. */
export function orderEventKey(event: OrderEvent): string {
  return event.orderId.toString();
}
