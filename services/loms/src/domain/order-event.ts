import type { OrderStatus } from './order-status.ts';

/** One status change of an order, as the outbox keeps it until it is published. */
export interface OrderEvent {
  eventId: string;
  orderId: bigint;
  status: OrderStatus;
  moment: Date;
}

/** When a change happens and how its events are named: one clock reading per use case. */
export interface ChangeContext {
  at: Date;
  newEventId: () => string;
}

export function orderEvent(orderId: bigint, status: OrderStatus, context: ChangeContext): OrderEvent {
  return { eventId: context.newEventId(), orderId, status, moment: context.at };
}
