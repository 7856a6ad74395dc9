import { OrderNotFoundError } from '../domain/errors.ts';
import type { OrderEvent } from '../domain/order-event.ts';
import { transition } from '../domain/order-status.ts';
import type { LomsDeps } from './ports.ts';
import { saveOrderChange } from './save-order-change.ts';

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
    const at = deps.clock.now();
    const moved = transition(order, to, { at, newEventId: deps.newEventId });
    if (!moved.changed) return [];
    await saveOrderChange(repos, [orderId], moved, at);
    return moved.events;
  });
  deps.metrics.committed(events);
}
