import { OrderNotFoundError } from '../domain/errors.ts';
import type { Order } from '../domain/order.ts';
import type { LomsDeps } from './ports.ts';

/** The order with its items sorted by sku. */
export async function getOrderInfo(deps: LomsDeps, orderId: bigint): Promise<Order> {
  const order = await deps.store.repos.orders.find(orderId);
  if (!order) throw new OrderNotFoundError(orderId);
  return order;
}
