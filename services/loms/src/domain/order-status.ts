import type { OrderStatusName } from '@marketplace/platform/order-event';
import { OrderStatusError } from './errors.ts';
import type { Order, OrderItem } from './order.ts';
import { type ChangeContext, type OrderEvent, orderEvent } from './order-event.ts';
import { planRelease, planReservation, planSale, type StockChange } from './stock.ts';

/** The statuses of order_event.proto, by their contract names. */
export type OrderStatus = OrderStatusName;

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

const NOTHING = (): StockChange[] => [];

/** What reaching each status does to the stock of the order's items. */
const STOCK_EFFECT: Record<OrderStatus, (items: readonly OrderItem[]) => StockChange[]> = {
  new: NOTHING,
  'awaiting payment': planReservation,
  failed: NOTHING,
  paid: planSale,
  cancelled: planRelease,
};

/** What a move does: the order's new status, the events to publish and the stock to change. */
export interface OrderChange {
  status: OrderStatus;
  events: OrderEvent[];
  stock: StockChange[];
}

export type Transition = ({ changed: true } & OrderChange) | { changed: false };

/**
 * Moves `order` to `to`, returning the new status, its event and its stock effect, or
 * `changed: false` for a repeated pay/cancel. Throws OrderStatusError for any other move.
 */
export function transition(order: Order, to: OrderStatus, context: ChangeContext): Transition {
  if (order.status === to && REPEATABLE.includes(to)) return { changed: false };
  if (!ALLOWED[order.status].includes(to)) throw new OrderStatusError(order.id, order.status, to);
  return {
    changed: true,
    status: to,
    events: [orderEvent(order.id, to, context)],
    stock: STOCK_EFFECT[to](order.items),
  };
}
