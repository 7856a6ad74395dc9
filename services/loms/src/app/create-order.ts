import { createHash } from 'node:crypto';
import { IdempotencyKeyReusedError, InsufficientStockError } from '../domain/errors.ts';
import { mergeItems, type OrderItem, placeOrder } from '../domain/order.ts';
import type { ChangeContext, OrderEvent } from '../domain/order-event.ts';
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
  // Asked before the transaction opens: no row lock is held while the users service is called.
  const standing = await deps.users?.standing(input.userId, input.callerAuthorization);
  const outcome = await deps.store.transaction(async (repos) => {
    const context = { at: deps.clock.now(), newEventId: deps.newEventId };
    // Each user has keys of their own: another user's key neither replays nor blocks an order.
    const key = input.idempotencyKey && `${input.userId}:${input.idempotencyKey}`;
    if (key) {
      const requestHash = hashRequest(input.userId, items);
      if (!(await repos.idempotency.claim(key, requestHash, context.at)))
        return replay(await repos.idempotency.find(key), requestHash);
    }
    // A refusal rolls back the key's claim too, so a retry after reactivation can place the order.
    if (standing) assertMayOrder(input.userId, standing);
    const result = await storeOrder(repos, input.userId, items, context);
    if (key) await repos.idempotency.complete(key, result.orderId, result.error);
    return result;
  });
  deps.metrics.committed(outcome.events);
  if (standing?.kind === 'unchecked' && !outcome.replayed) deps.metrics.storedUnchecked(standing.reason);
  if (outcome.error) throw new InsufficientStockError(outcome.error);
  return outcome.orderId;
}

async function storeOrder(
  repos: Repositories,
  userId: bigint,
  items: OrderItem[],
  context: ChangeContext,
): Promise<Outcome> {
  const { id, stocks } = await repos.orders.startNew(items.map((i) => i.sku));
  const order = { id, userId, items };
  const placed = placeOrder(order, stocks, context);
  // The order is written once, with its outcome; both moves (new, then the outcome) are published.
  await repos.write({
    at: context.at,
    created: { ...order, status: placed.status },
    stock: placed.stock,
    events: placed.events,
  });
  return { orderId: order.id, error: placed.shortage ?? null, events: placed.events, replayed: false };
}

function replay(record: IdempotencyRecord | undefined, requestHash: string): Outcome {
  if (!record || record.requestHash !== requestHash || record.orderId === null)
    throw new IdempotencyKeyReusedError();
  return { orderId: record.orderId, error: record.error, events: [], replayed: true };
}

function hashRequest(userId: bigint, items: OrderItem[]): string {
  const canonical = [userId, ...items.flatMap((i) => [i.sku, i.count])].join(',');
  return createHash('sha256').update(canonical).digest('hex');
}
