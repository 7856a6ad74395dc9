-- One row per user who ever had a cart. It is kept when the cart is emptied, so `revision` only
-- grows: (cart_id, revision) identifies one content of the cart, for checkout idempotency keys.
CREATE TABLE carts (
  user_id bigint PRIMARY KEY CHECK (user_id > 0),
  -- Random per cart row, so idempotency keys stay unique even if this database is recreated.
  cart_id uuid NOT NULL DEFAULT gen_random_uuid(),
  revision bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The key serves every cart query: one user's items in sku order, one (user, sku) upsert.
CREATE TABLE cart_items (
  user_id bigint NOT NULL REFERENCES carts (user_id),
  sku bigint NOT NULL CHECK (sku > 0),
  count bigint NOT NULL CHECK (count > 0 AND count <= 4294967295),
  PRIMARY KEY (user_id, sku)
);
