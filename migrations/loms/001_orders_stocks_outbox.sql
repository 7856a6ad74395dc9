-- Stock per sku. The checks make over-reservation impossible whatever the code does.
CREATE TABLE stocks (
  sku         bigint PRIMARY KEY CHECK (sku > 0),
  total_count bigint NOT NULL CHECK (total_count >= 0),
  reserved    bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= total_count)
);

CREATE TABLE orders (
  id                bigserial PRIMARY KEY,
  user_id           bigint NOT NULL CHECK (user_id > 0),
  status            text NOT NULL CHECK (status IN ('new', 'awaiting payment', 'failed', 'paid', 'cancelled')),
  created_at        timestamptz NOT NULL DEFAULT now(),
  status_changed_at timestamptz NOT NULL DEFAULT now()
);
-- Serves the expiry sweep: orders awaiting payment, oldest status change first.
CREATE INDEX orders_awaiting_payment_idx ON orders (status_changed_at) WHERE status = 'awaiting payment';

CREATE TABLE order_items (
  order_id bigint NOT NULL REFERENCES orders (id),
  sku      bigint NOT NULL CHECK (sku > 0),
  count    bigint NOT NULL CHECK (count > 0),
  PRIMARY KEY (order_id, sku)
);

-- Order events written in the same transaction as the status change they describe; a relay
-- publishes them to Kafka afterwards in id order.
CREATE TABLE outbox (
  id         bigserial PRIMARY KEY,
  event_id   uuid NOT NULL UNIQUE,
  topic      text NOT NULL,
  key        text NOT NULL,
  payload    text NOT NULL,
  headers    jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at    timestamptz
);
-- Serves the relay's claim: unsent events in commit order.
CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL;

-- First answers of OrderCreate calls that carried an Idempotency-Key.
CREATE TABLE idempotency_keys (
  key          text PRIMARY KEY,
  request_hash text NOT NULL,
  order_id     bigint REFERENCES orders (id),
  error        text,
  created_at   timestamptz NOT NULL DEFAULT now()
);
-- Serves the cleanup of expired keys.
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
