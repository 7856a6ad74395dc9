import type { Logger } from '@marketplace/platform';
import type { Cart, CartItem, Product } from '../domain/cart.ts';

/** A checkout LOMS answered with an order: the cart revision ordered and exactly what was sent. */
export interface CheckoutRecord {
  userId: bigint;
  revision: bigint;
  orderId: bigint;
  items: readonly CartItem[];
}

export interface CartRepository {
  /** The cart with its items in sku order; undefined when the user never had one. */
  find(userId: bigint): Promise<Cart | undefined>;
  /** Creates the cart if needed and bumps its revision; locks its row until the transaction ends. */
  touch(userId: bigint): Promise<void>;
  /** Locks the cart row until the transaction ends; false when there is no cart. */
  lock(userId: bigint): Promise<boolean>;
  /** Bumps the revision, only from `expected` when given; false when the cart is absent or moved on. */
  bumpRevision(userId: bigint, expected?: bigint): Promise<boolean>;
  /** Adds `count` to the sku's count in one statement; undefined (nothing changed) past the uint32 limit. */
  addItem(userId: bigint, item: CartItem): Promise<number | undefined>;
  /** Removes the sku; false when it was not in the cart. */
  removeItem(userId: bigint, sku: bigint): Promise<boolean>;
  /** Removes every item; returns how many there were. */
  clearItems(userId: bigint): Promise<number>;
  /**
   * Records the checkout of one revision of the cart, once: answers the order id of the record, and
   * whether this call made it (false when a checkout of that revision was recorded before).
   */
  recordCheckout(checkout: CheckoutRecord): Promise<{ orderId: bigint; recorded: boolean }>;
  /**
   * Takes `items` out of the cart: each sku's count drops by the count given, and a sku left with
   * nothing is removed; skus not in the cart are skipped. Returns how many skus changed.
   */
  takeOut(userId: bigint, items: readonly CartItem[]): Promise<number>;
}

export interface Repositories {
  carts: CartRepository;
}

/** Repositories on the pool for reads, and a way to run work in one transaction. */
export interface Store {
  repos: Repositories;
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}

/** The products service, as the cart reads it. */
export interface ProductCatalog {
  /** The products of `skus` that exist now; an unknown or deleted sku is absent from the map. */
  getProducts(skus: readonly bigint[], signal: AbortSignal): Promise<Map<bigint, Product>>;
}

export interface NewOrder {
  userId: bigint;
  items: CartItem[];
  /** Same key, same order: LOMS answers a retry with the first order. */
  idempotencyKey: string;
  /** The user's access token (AUTH_MODE=jwt), sent with the order so LOMS can check whose it is. */
  accessToken?: string | undefined;
}

/** LOMS, as the cart uses it. */
export interface OrderService {
  /** Stock available for new orders (total minus reserved); 0 for a sku LOMS does not stock. */
  availableStock(sku: bigint, signal: AbortSignal): Promise<number>;
  /** Creates the order and reserves its items; OrderRefusedError when LOMS refuses it. */
  createOrder(order: NewOrder, signal: AbortSignal): Promise<bigint>;
}

export interface CartDeps {
  store: Store;
  products: ProductCatalog;
  orders: OrderService;
  log: Logger;
}
