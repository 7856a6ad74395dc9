import { OrderNotFoundError } from '../domain/errors.ts';
import type { OrderEvent } from '../domain/order-event.ts';
import { transition } from '../domain/order-status.ts';
import type { LomsDeps } from './ports.ts';

/**
 * Moves an order to `to` in one transaction with its stock effect and event, the order and its stock
 * rows locked first. Repeating a pay or cancel changes nothing; any move the status table forbids
 * throws OrderStatusError.
 */
export async function changeOrderStatus(
  deps: LomsDeps,
  orderId: bigint,
  to: 'paid' | 'cancelled',
): Promise<void> {
  const events = await deps.store.transaction(async (repos): Promise<OrderEvent[]> => {
    const order = await repos.orders.lockWithStock(orderId);
    if (!order) throw new OrderNotFoundError(orderId);
    const at = deps.clock.now();
    const moved = transition(order, to, { at, newEventId: deps.newEventId });
    if (!moved.changed) return [];
    await repos.write({
      at,
      moved: { orderIds: [orderId], status: moved.status },
      stock: moved.stock,
      events: moved.events,
    });
    return moved.events;
  });
  deps.metrics.committed(events);
}
