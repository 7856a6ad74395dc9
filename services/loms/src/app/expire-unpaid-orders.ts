import { expireOrders } from '../domain/order.ts';
import type { OrderEvent } from '../domain/order-event.ts';
import { drainInBatches } from './drain-in-batches.ts';
import type { BatchOptions, LomsDeps, Repositories } from './ports.ts';

/**
 * Cancels every order left awaiting payment longer than `paymentTimeoutMs`, each with its stock
 * release and its event, and returns how many it cancelled. The backlog is drained in batches
 * (default 100 orders, one transaction each) until a short batch, so one sweep keeps up with any
 * rate of unpaid orders; the cutoff is fixed when the sweep starts, so a sweep always ends.
 * Safe with several replicas: a batch locks its orders and skips those locked elsewhere (another
 * sweep, a pay or a cancel in progress), and an order paid meanwhile no longer matches.
 */
export function expireUnpaidOrders(
  deps: LomsDeps,
  paymentTimeoutMs: number,
  { batchSize = 100, ...rest }: Partial<BatchOptions> = {},
): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - paymentTimeoutMs);
  return drainInBatches(
    async (limit) => {
      const events = await deps.store.transaction((repos) => expireBatch(deps, repos, before, limit));
      deps.metrics.committed(events);
      return events.length;
    },
    { batchSize, ...rest },
  );
}

async function expireBatch(
  deps: LomsDeps,
  repos: Repositories,
  before: Date,
  limit: number,
): Promise<OrderEvent[]> {
  const orders = await repos.orders.lockExpired(before, limit);
  if (orders.length === 0) return [];
  const at = deps.clock.now();
  const change = expireOrders(orders, { at, newEventId: deps.newEventId });
  // Locked in sku order after the orders, as a pay or cancel locks them, so neither can deadlock.
  await repos.stocks.lock(change.stock.map((c) => c.sku));
  await repos.write({
    at,
    moved: { orderIds: orders.map((o) => o.id), status: change.status },
    stock: change.stock,
    events: change.events,
  });
  return change.events;
}
