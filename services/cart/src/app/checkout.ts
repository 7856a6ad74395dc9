import { checkoutKey } from '../domain/cart.ts';
import { EmptyCartError, OrderRefusedError } from '../domain/errors.ts';
import type { CartDeps } from './ports.ts';

/**
 * Orders the cart's items through LOMS (those products still sells), then takes exactly the items
 * it read out of the cart. The order
 * carries an idempotency key made of the cart and its revision, so retrying the checkout of an
 * unchanged cart (e.g. after a lost answer) returns the same order.
 *
 * The cart may change while LOMS works: what was added meanwhile stays (a sku ordered 2 and raised
 * to 5 keeps 3), and the next checkout orders only that. The items leave the cart in the transaction
 * that records the checkout under the cart's revision, so a second checkout of the same revision
 * (the same key, hence the same order) finishing later finds the record and takes nothing out again.
 * `accessToken` (AUTH_MODE=jwt) goes to LOMS with the order: LOMS checks the order's user against it.
 */
export async function checkout(
  deps: CartDeps,
  userId: bigint,
  signal: AbortSignal,
  accessToken?: string,
): Promise<bigint> {
  const cart = await deps.store.repos.carts.find(userId);
  if (!cart || cart.items.length === 0) throw new EmptyCartError(userId);
  const { revision } = cart;
  // Only what products still sells is ordered, as GET shows only that; an item whose product is
  // gone leaves the cart with the rest. A cart of such items alone is empty.
  const products = await deps.products.getProducts(
    cart.items.map((item) => item.sku),
    signal,
  );
  const items = cart.items.filter((item) => products.has(item.sku));
  if (items.length === 0) throw new EmptyCartError(userId);
  let orderId: bigint;
  try {
    const order = { userId, items, idempotencyKey: checkoutKey(cart), accessToken };
    orderId = await deps.orders.createOrder(order, signal);
  } catch (err) {
    // LOMS answers the same key with the same refusal: a new revision lets a later checkout of
    // this cart (after a restock) be a new attempt.
    if (err instanceof OrderRefusedError) await deps.store.repos.carts.bumpRevision(userId, revision);
    throw err;
  }
  return deps.store.transaction(async (repos) => {
    // The cart row is locked first, as every change does: the items cannot move under the take-out.
    await repos.carts.lock(userId);
    const checkout = await repos.carts.recordCheckout({ userId, revision, orderId, items });
    if (!checkout.recorded) return checkout.orderId;
    await repos.carts.takeOut(userId, cart.items);
    // The checked-out revision is never sent to LOMS again, whatever was left in the cart.
    await repos.carts.bumpRevision(userId);
    return orderId;
  });
}
