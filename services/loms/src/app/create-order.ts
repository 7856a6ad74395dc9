import { createHash } from 'node:crypto';
import { IdempotencyKeyReusedError, InsufficientStockError } from '../domain/errors.ts';
import { mergeItems, type OrderItem } from '../domain/order.ts';
import { type OrderEvent, transition } from '../domain/order-status.ts';
import { planReservation } from '../domain/stock.ts';
import { assertMayOrder } from '../domain/user-standing.ts';
import type { IdempotencyRecord, LomsDeps, Repositories } from './ports.ts';

export interface CreateOrderInput {
  userId: bigint;
  items: OrderItem[];
  idempotencyKey?: string;
  /** The caller's `authorization` header, for the users check (see UserDirectory). */
  callerAuthorization?: string;
}

type Outcome = { orderId: bigint; error: string | null; events: OrderEvent[]; replayed: boolean };

/**
 * Stores a new order and reserves all its items or none, in one transaction. The order is `new`,
 * then `awaiting payment`; when any sku is short it is kept as `failed` (with its id) and the call
 * fails with InsufficientStockError. With an idempotency key, a retry replays the first answer.
 * With a user directory, a user it does not know as active is refused (UserMayNotOrderError) and
 * nothing is stored; when it cannot tell, the order goes ahead and is counted.
 */
export async function createOrder(deps: LomsDeps, input: CreateOrderInput): Promise<bigint> {
  const items = mergeItems(input.items);
  const requestHash = hashRequest(input.userId, items);
  // Asked before the transaction opens: no row lock is held while the users service is called.
  const standing = await deps.users?.standing(input.userId, input.callerAuthorization);
  const outcome = await deps.store.transaction(async (repos) => {
    // Each user has keys of their own: another user's key neither replays nor blocks an order.
    const key = input.idempotencyKey && `${input.userId}:${input.idempotencyKey}`;
    if (key && !(await repos.idempotency.claim(key, requestHash))) {
      return replay(await repos.idempotency.find(key), requestHash);
    }
    // A refusal rolls back the key's claim too, so a retry after reactivation can place the order.
    if (standing) assertMayOrder(input.userId, standing);
    const result = await placeOrder(deps, repos, input.userId, items);
    if (key) await repos.idempotency.complete(key, result.orderId, result.error);
    return result;
  });
  deps.metrics.committed(outcome.events);
  if (standing?.kind === 'unchecked' && !outcome.replayed) deps.metrics.storedUnchecked(standing.reason);
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
  return { orderId, error: plan.ok ? null : plan.reason, events, replayed: false };
}

function replay(record: IdempotencyRecord | undefined, requestHash: string): Outcome {
  if (!record || record.requestHash !== requestHash || record.orderId === null)
    throw new IdempotencyKeyReusedError();
  return { orderId: record.orderId, error: record.error, events: [], replayed: true };
}

function newEvent(deps: LomsDeps) {
  return { eventId: deps.newEventId(), moment: deps.clock.now() };
}

function hashRequest(userId: bigint, items: OrderItem[]): string {
  const canonical = [userId, ...items.flatMap((i) => [i.sku, i.count])].join(',');
  return createHash('sha256').update(canonical).digest('hex');
}
