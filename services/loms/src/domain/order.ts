import { ItemCountOverflowError, MAX_ITEM_COUNT } from './errors.ts';
import { type ChangeContext, orderEvent } from './order-event.ts';
import { type OrderChange, type OrderStatus, transition } from './order-status.ts';
import { findShortage, mergeStockChanges, type Stock } from './stock.ts';

export interface OrderItem {
  sku: bigint;
  count: bigint;
}

export interface Order {
  id: bigint;
  userId: bigint;
  status: OrderStatus;
  /** Sorted by sku, one line per sku. */
  items: OrderItem[];
}

/**
 * One line per sku (the same sku twice counts as the sum), sorted by sku. A sum beyond a uint32
 * count is refused (ItemCountOverflowError): it could be neither reserved nor answered.
 */
export function mergeItems(items: readonly OrderItem[]): OrderItem[] {
  const counts = new Map<bigint, bigint>();
  for (const { sku, count } of items) {
    const sum = (counts.get(sku) ?? 0n) + count;
    if (sum > MAX_ITEM_COUNT) throw new ItemCountOverflowError(sku);
    counts.set(sku, sum);
  }
  return [...counts]
    .map(([sku, count]) => ({ sku, count }))
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

/** A new order's outcome, with why it failed when it did. */
export interface Placement extends OrderChange {
  shortage?: string;
}

/**
 * Decides a new order: `awaiting payment` with every item reserved when each sku has the stock
 * available, otherwise `failed` with nothing reserved and the first short sku named. Both moves are
 * events: `new`, then the outcome.
 */
export function placeOrder(
  order: Omit<Order, 'status'>,
  stocks: ReadonlyMap<bigint, Stock>,
  context: ChangeContext,
): Placement {
  const created = orderEvent(order.id, 'new', context);
  const shortage = findShortage(order.items, stocks);
  const decided = move({ ...order, status: 'new' }, shortage ? 'failed' : 'awaiting payment', context);
  return { ...decided, events: [created, ...decided.events], shortage };
}

/**
 * Cancels orders left awaiting payment past the timeout, as their owners could have: one change for
 * them all, with the released stock summed per sku.
 */
export function expireOrders(orders: readonly Order[], context: ChangeContext): OrderChange {
  const moves = orders.map((order) => move(order, 'cancelled', context));
  return {
    status: 'cancelled',
    events: moves.flatMap((m) => m.events),
    stock: mergeStockChanges(moves.flatMap((m) => m.stock)),
  };
}

/** A move that cannot be a repeat (the caller knows the order's status); anything else is a bug. */
function move(order: Order, to: OrderStatus, context: ChangeContext): OrderChange {
  const moved = transition(order, to, context);
  if (!moved.changed) throw new Error(`order ${order.id} is already ${to}`);
  return { status: moved.status, events: moved.events, stock: moved.stock };
}
