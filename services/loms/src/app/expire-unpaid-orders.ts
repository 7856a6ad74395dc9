import { OrderStatusError } from '../domain/errors.ts';
import { cancelOrder } from './cancel-order.ts';
import type { LomsDeps } from './ports.ts';

/**
 * Cancels orders left awaiting payment longer than `paymentTimeoutMs`, each with its event, and
 * returns how many it cancelled. Safe with several replicas: each cancel locks its order, and an
 * order paid or cancelled meanwhile is skipped.
 */
export async function expireUnpaidOrders(
  deps: LomsDeps,
  paymentTimeoutMs: number,
  batchSize = 100,
): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - paymentTimeoutMs);
  const orderIds = await deps.store.repos.orders.findAwaitingPaymentSince(before, batchSize);
  let cancelled = 0;
  for (const orderId of orderIds) {
    try {
      await cancelOrder(deps, orderId);
      cancelled++;
    } catch (err) {
      if (!(err instanceof OrderStatusError)) throw err; // paid in the meantime: nothing to expire
    }
  }
  return cancelled;
}

/** Forgets idempotency keys older than `ttlMs`; a retry after that creates a new order. */
export function forgetOldIdempotencyKeys(deps: LomsDeps, ttlMs: number): Promise<number> {
  return deps.store.repos.idempotency.deleteOlderThan(new Date(deps.clock.now().getTime() - ttlMs));
}
