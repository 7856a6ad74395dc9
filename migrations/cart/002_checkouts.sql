-- One row per checkout LOMS answered with an order: the cart revision that was ordered, the order,
-- and exactly what it holds (skus[i] x counts[i], as sent to LOMS). It is written in the transaction
-- that takes those items out of the cart, so a checkout of the same revision (the same idempotency
-- key) that finishes later finds it and takes nothing out a second time.
CREATE TABLE checkouts (
  user_id bigint NOT NULL REFERENCES carts (user_id),
  revision bigint NOT NULL,
  order_id bigint NOT NULL CHECK (order_id > 0),
  skus bigint[] NOT NULL,
  counts bigint[] NOT NULL CHECK (cardinality(counts) = cardinality(skus)),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Serves recording a checkout once per (user, revision) and finding the recorded one.
  PRIMARY KEY (user_id, revision)
);
