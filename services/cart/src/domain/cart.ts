/** Most of one sku a cart holds: LOMS order items count in uint32. */
export const MAX_ITEM_COUNT = 4_294_967_295;

export interface CartItem {
  sku: bigint;
  count: number;
}

/** A user's cart as stored: items in sku order, and the revision every change bumps. */
export interface Cart {
  userId: bigint;
  /** Random per cart, so (cartId, revision) never repeats, even across recreated databases. */
  cartId: string;
  revision: bigint;
  items: CartItem[];
}

export interface Product {
  sku: bigint;
  name: string;
  price: number;
}

export interface PricedItem extends CartItem {
  name: string;
  price: number;
}

/** What GET shows: items in sku order with today's names and prices, and their sum. */
export interface PricedCart {
  items: PricedItem[];
  /** Sum of count x price; a bigint, as 2^32 counts at 2^32 prices outgrow a double. */
  totalPrice: bigint;
}

/**
 * Prices a cart with the products found now. Items whose product is gone from the catalogue
 * (deleted or never known) have no name or price: they are left out of the view and its total.
 */
export function priceCart(items: readonly CartItem[], products: ReadonlyMap<bigint, Product>): PricedCart {
  const priced: PricedItem[] = [];
  let totalPrice = 0n;
  for (const item of [...items].sort(bySku)) {
    const product = products.get(item.sku);
    if (!product) continue;
    priced.push({ sku: item.sku, count: item.count, name: product.name, price: product.price });
    totalPrice += BigInt(item.count) * BigInt(product.price);
  }
  return { items: priced, totalPrice };
}

const bySku = (a: CartItem, b: CartItem) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

/**
 * The idempotency key of checking out one content of a cart: a retried checkout of an unchanged
 * cart sends the same key, so LOMS makes one order; any change makes a new key.
 */
export function checkoutKey(cart: Pick<Cart, 'userId' | 'cartId' | 'revision'>): string {
  return `cart-checkout:${cart.userId}:${cart.cartId}:${cart.revision}`;
}
