import { changeOrderStatus } from './change-order-status.ts';
import type { LomsDeps } from './ports.ts';

/** Cancels an order awaiting payment and releases its reservations. Cancelling twice is a no-op. */
export function cancelOrder(deps: LomsDeps, orderId: bigint): Promise<void> {
  return changeOrderStatus(deps, orderId, 'cancelled');
}
