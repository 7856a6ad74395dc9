-- The greatest fencing token of a StockSet applied to each sku (NULL until one carries a token): a
-- StockSet with a smaller token comes from a writer whose lease has passed to another, and is refused.
ALTER TABLE stocks ADD COLUMN fencing_token bigint CHECK (fencing_token > 0);
