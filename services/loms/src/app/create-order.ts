import { createHash } from 'node:crypto';
import { IdempotencyKeyReusedError, InsufficientStockError } from '../domain/errors.ts';
import { mergeItems, type OrderItem } from '../domain/order.ts';
import { type OrderEvent, transition } from '../domain/order-status.ts';
import { planReservation } from '../domain/stock.ts';
import type { IdempotencyRecord, LomsDeps, Repositories } from './ports.ts';

export interface CreateOrderInput {
  userId: bigint;
  items: OrderItem[];
  idempotencyKey?: string;
}

type Outcome = { orderId: bigint; error: string | null; events: OrderEvent[] };

/**
 * Stores a new order and reserves all its items or none, in one transaction. The order is `new`,
 * then `awaiting payment`; when any sku is short it is kept as `failed` (with its id) and the call
 * fails with InsufficientStockError. With an idempotency key, a retry replays the first answer.
 */
export async function createOrder(deps: LomsDeps, input: CreateOrderInput): Promise<bigint> {
  const items = mergeItems(input.items);
  const requestHash = hashRequest(input.userId, items);
  const outcome = await deps.store.transaction(async (repos) => {
    const key = input.idempotencyKey;
    if (key && !(await repos.idempotency.claim(key, requestHash))) {
      return replay(await repos.idempotency.find(key), requestHash);
    }
    const result = await placeOrder(deps, repos, input.userId, items);
    if (key) await repos.idempotency.complete(key, result.orderId, result.error);
    return result;
  });
  deps.metrics.committed(outcome.events);
  if (outcome.error) throw new InsufficientStockError(outcome.error);
  return outcome.orderId;
}

async function placeOrder(
  deps: LomsDeps,
  repos: Repositories,
  userId: bigint,
  items: OrderItem[],
): Promise<Outcome> {
  const stocks = await repos.stocks.lock(items.map((i) => i.sku));
  const plan = planReservation(items, stocks);
  const status = plan.ok ? 'awaiting payment' : 'failed';
  // The row is written once, with its outcome; both moves (new, then the outcome) are published.
  const orderId = await repos.orders.insert({ userId, status, items });
  const created: OrderEvent = { ...newEvent(deps), orderId, status: 'new' };
  const decided = transition(orderId, 'new', status, newEvent(deps));
  if (plan.ok) await repos.stocks.apply(plan.changes);
  const events = decided.changed ? [created, decided.event] : [created];
  await repos.outbox.add(events);
  return { orderId, error: plan.ok ? null : plan.reason, events };
}

function replay(record: IdempotencyRecord | undefined, requestHash: string): Outcome {
  if (!record || record.requestHash !== requestHash || record.orderId === null)
    throw new IdempotencyKeyReusedError();
  return { orderId: record.orderId, error: record.error, events: [] };
}

function newEvent(deps: LomsDeps) {
  return { eventId: deps.newEventId(), moment: deps.clock.now() };
}

function hashRequest(userId: bigint, items: OrderItem[]): string {
  const canonical = [userId, ...items.flatMap((i) => [i.sku, i.count])].join(',');
  return createHash('sha256').update(canonical).digest('hex');
}
