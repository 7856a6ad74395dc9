import { OrderNotFoundError } from '../domain/errors.ts';
import type { Order } from '../domain/order.ts';
import { type OrderEvent, type OrderStatus, transition } from '../domain/order-status.ts';
import { planRelease, planSale, type StockChange } from '../domain/stock.ts';
import type { LomsDeps } from './ports.ts';

/** What each paid/cancelled move does to stock. */
const STOCK_EFFECT: Partial<Record<OrderStatus, (items: Order['items']) => StockChange[]>> = {
  paid: planSale,
  cancelled: planRelease,
};

/**
 * Moves a locked order to `to` in one transaction with its stock effect and event. Repeating a
 * pay or cancel changes nothing; any move the status table forbids throws OrderStatusError.
 */
export async function changeOrderStatus(
  deps: LomsDeps,
  orderId: bigint,
  to: 'paid' | 'cancelled',
): Promise<void> {
  const events = await deps.store.transaction(async (repos): Promise<OrderEvent[]> => {
    const order = await repos.orders.find(orderId, { lock: true });
    if (!order) throw new OrderNotFoundError(orderId);
    const moved = transition(orderId, order.status, to, {
      eventId: deps.newEventId(),
      moment: deps.clock.now(),
    });
    if (!moved.changed) return [];
    await repos.stocks.lock(order.items.map((i) => i.sku));
    await repos.stocks.apply(STOCK_EFFECT[to]?.(order.items) ?? []);
    await repos.orders.setStatus(orderId, moved.status);
    await repos.outbox.add([moved.event]);
    return [moved.event];
  });
  deps.metrics.committed(events);
}
