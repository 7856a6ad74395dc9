-- The catalogue. A deleted product keeps its row with deleted_at set, so its sku is never reused.
CREATE TABLE products (
  sku        bigint PRIMARY KEY CHECK (sku > 0),
  name       text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
  price      bigint NOT NULL CHECK (price BETWEEN 1 AND 4294967295),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
-- Serves ListProducts' keyset pages: live products with sku > cursor, in sku order.
CREATE INDEX products_live_sku_idx ON products (sku) WHERE deleted_at IS NULL;

-- Batches accepted by IngestEvents. A worker holds a batch while lease_token is its own and
-- leased_until is in the future; after that any worker may claim it again.
CREATE TABLE ingest_batches (
  id           uuid PRIMARY KEY,
  total        integer NOT NULL CHECK (total > 0),
  accepted_at  timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz,
  lease_token  uuid,
  leased_until timestamptz
);
-- Serves the workers' claim: unfinished batches, oldest first.
CREATE INDEX ingest_batches_unfinished_idx ON ingest_batches (accepted_at, id) WHERE finished_at IS NULL;

-- The events of a batch, in request order (seq), each with its outcome.
CREATE TABLE ingest_events (
  batch_id uuid NOT NULL REFERENCES ingest_batches (id),
  seq      integer NOT NULL CHECK (seq >= 0),
  sku      bigint NOT NULL CHECK (sku > 0),
  price    bigint CHECK (price BETWEEN 1 AND 4294967295),
  stock    bigint CHECK (stock BETWEEN 0 AND 4294967295),
  status   text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  error    text,
  PRIMARY KEY (batch_id, seq),
  CHECK (price IS NOT NULL OR stock IS NOT NULL)
);
-- Serves the backlog bound (count of pending events) and a worker's next pending events of a batch.
CREATE INDEX ingest_events_pending_idx ON ingest_events (batch_id, seq) WHERE status = 'pending';
