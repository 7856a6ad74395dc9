import type { Generated } from 'kysely';

/** Tables of the cart database, as migrations/cart defines them. */
export interface CartDatabase {
  carts: {
    user_id: bigint;
    cart_id: Generated<string>;
    revision: Generated<bigint>;
    updated_at: Generated<Date>;
  };
  cart_items: { user_id: bigint; sku: bigint; count: bigint };
  checkouts: {
    user_id: bigint;
    revision: bigint;
    order_id: bigint;
    skus: bigint[];
    counts: bigint[];
    created_at: Generated<Date>;
  };
}
