import { checkoutKey } from '../domain/cart.ts';
import { EmptyCartError, OrderRefusedError } from '../domain/errors.ts';
import type { CartDeps } from './ports.ts';

/**
 * Orders the cart's items through LOMS and then empties the cart. The order carries an
 * idempotency key made of the cart and its revision, so retrying the checkout of an unchanged cart
 * (e.g. after a lost answer) returns the same order. The cart is emptied only if it did not change
 * while LOMS was working; otherwise it is kept as the user left it.
 */
export async function checkout(deps: CartDeps, userId: bigint, signal: AbortSignal): Promise<bigint> {
  const cart = await deps.store.repos.carts.find(userId);
  if (!cart || cart.items.length === 0) throw new EmptyCartError(userId);
  let orderId: bigint;
  try {
    orderId = await deps.orders.createOrder(
      { userId, items: cart.items, idempotencyKey: checkoutKey(cart) },
      signal,
    );
  } catch (err) {
    // LOMS answers the same key with the same refusal: a new revision lets a later checkout of
    // this cart (after a restock) be a new attempt.
    if (err instanceof OrderRefusedError) await deps.store.repos.carts.bumpRevision(userId, cart.revision);
    throw err;
  }
  const emptied = await deps.store.transaction(async (repos) => {
    if (!(await repos.carts.bumpRevision(userId, cart.revision))) return false;
    await repos.carts.clearItems(userId);
    return true;
  });
  if (!emptied)
    deps.log.warn({ userId: String(userId), orderId: String(orderId) }, 'cart changed during checkout: kept');
  return orderId;
}
