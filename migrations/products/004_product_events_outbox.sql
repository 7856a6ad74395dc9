-- Catalogue change events (ProductChanged, proto/marketplace/products/v1/product_changed.proto),
-- written in the same transaction as the change and relayed to Kafka afterwards in id order (the
-- relay publishes them to its configured topic, products.product-events by default).
CREATE TABLE outbox (
  id         bigserial PRIMARY KEY,
  key        text NOT NULL,
  payload    text NOT NULL,
  headers    jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at    timestamptz
);
-- Serves the relay's claim: unsent events in commit order.
CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL;
-- Serves the retention delete: sent events, oldest send first.
CREATE INDEX outbox_sent_at_idx ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- A trigger writes the event, so every path that changes a name, a price or deletes a product
-- (create, update, delete, the ingest workers' prices, the seeder) publishes it in its own
-- transaction, and none can forget to. The payload is ProductChanged's protobuf JSON: the sku as a
-- decimal string (exact), the moment in UTC with microseconds.
CREATE FUNCTION products_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outbox (key, payload, headers)
  VALUES (
    NEW.sku::text,
    json_build_object(
      'sku', NEW.sku::text,
      'name', NEW.name,
      'price', NEW.price,
      'deleted', NEW.deleted_at IS NOT NULL,
      'moment', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    )::text,
    jsonb_build_object('event-id', gen_random_uuid()::text)
  );
  RETURN NULL;
END;
$$;

CREATE TRIGGER products_created AFTER INSERT ON products
  FOR EACH ROW EXECUTE FUNCTION products_changed();
CREATE TRIGGER products_changed AFTER UPDATE ON products
  FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.price IS DISTINCT FROM NEW.price
        OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
  EXECUTE FUNCTION products_changed();
