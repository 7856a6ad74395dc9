import { type PricedCart, priceCart } from '../domain/cart.ts';
import { EmptyCartError } from '../domain/errors.ts';
import type { CartDeps } from './ports.ts';

/**
 * The user's cart with names and prices read from the products service now, in sku order.
 * EmptyCartError when the cart is absent or has no items whose product is still sold.
 */
export async function listCart(deps: CartDeps, userId: bigint, signal: AbortSignal): Promise<PricedCart> {
  const cart = await deps.store.repos.carts.find(userId);
  if (!cart || cart.items.length === 0) throw new EmptyCartError(userId);
  const products = await deps.products.getProducts(
    cart.items.map((item) => item.sku),
    signal,
  );
  const priced = priceCart(cart.items, products);
  if (priced.items.length < cart.items.length) {
    const gone = cart.items.filter((item) => !products.has(item.sku)).map((item) => String(item.sku));
    deps.log.warn({ userId: String(userId), skus: gone }, 'cart items whose product is gone are not shown');
  }
  // Nothing left to show or sell is an empty cart, as the contract answers it (404).
  if (priced.items.length === 0) throw new EmptyCartError(userId);
  return priced;
}
