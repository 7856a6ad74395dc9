-- Fencing tokens: every claim of a batch takes the next number, so a later lease always holds a
-- greater token than an earlier one. Workers send it with each StockSet; LOMS refuses a smaller
-- token than the greatest it has applied to the sku, so a worker whose lease ran out cannot undo
-- what the next holder wrote.
CREATE SEQUENCE ingest_fencing_token_seq;
ALTER TABLE ingest_batches ADD COLUMN fencing_token bigint;
