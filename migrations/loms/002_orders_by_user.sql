-- Serves OrderList: a user's orders newest first, each page a range scan from its keyset cursor.
CREATE INDEX orders_user_created_idx ON orders (user_id, created_at DESC, id DESC);
