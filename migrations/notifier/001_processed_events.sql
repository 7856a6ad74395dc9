-- Order events the notifier has acted on, by event id: a redelivered event finds its row and has no
-- second effect.
CREATE TABLE processed_events (
  event_id     text PRIMARY KEY,
  order_id     bigint NOT NULL,
  status       text NOT NULL,
  moment       timestamptz NOT NULL,
  topic        text NOT NULL,
  partition    integer NOT NULL,
  "offset"     bigint NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now()
);
-- Serves looking up an order's notifications (support, tests).
CREATE INDEX processed_events_order_idx ON processed_events (order_id, processed_at);
