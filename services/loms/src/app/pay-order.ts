import { changeOrderStatus } from './change-order-status.ts';
import type { LomsDeps } from './ports.ts';

/** Pays an order awaiting payment: its reservations become sales. Paying a paid order is a no-op. */
export function payOrder(deps: LomsDeps, orderId: bigint): Promise<void> {
  return changeOrderStatus(deps, orderId, 'paid');
}
