import { OrderStatusError } from './errors.ts';

export const ORDER_STATUSES = ['new', 'awaiting payment', 'failed', 'paid', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The only moves an order can make. */
const ALLOWED: Record<OrderStatus, readonly OrderStatus[]> = {
  new: ['awaiting payment', 'failed'],
  'awaiting payment': ['paid', 'cancelled'],
  failed: [],
  paid: [],
  cancelled: [],
};

/** Repeating one of these moves succeeds and changes nothing (a retried pay or cancel). */
const REPEATABLE: readonly OrderStatus[] = ['paid', 'cancelled'];

export interface OrderEvent {
  eventId: string;
  orderId: bigint;
  status: OrderStatus;
  moment: Date;
}

export type Transition = { changed: true; status: OrderStatus; event: OrderEvent } | { changed: false };

/**
 * Moves order `orderId` from `from` to `to`, returning the new status and its event, or
 * `changed: false` for a repeated pay/cancel. Throws OrderStatusError for any other move.
 */
export function transition(
  orderId: bigint,
  from: OrderStatus,
  to: OrderStatus,
  event: { eventId: string; moment: Date },
): Transition {
  if (from === to && REPEATABLE.includes(to)) return { changed: false };
  if (!ALLOWED[from].includes(to)) throw new OrderStatusError(orderId, from, to);
  return { changed: true, status: to, event: { ...event, orderId, status: to } };
}

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}
