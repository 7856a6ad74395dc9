import type { Generated } from 'kysely';

/** Tables of the products database, as migrations/products defines them. */
export interface ProductsDatabase {
  products: {
    sku: bigint;
    name: string;
    price: bigint;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    deleted_at: Date | null;
  };
  ingest_batches: {
    id: string;
    total: number;
    accepted_at: Generated<Date>;
    started_at: Date | null;
    finished_at: Date | null;
    lease_token: string | null;
    leased_until: Date | null;
    fencing_token: bigint | null;
  };
  ingest_events: {
    batch_id: string;
    seq: number;
    sku: bigint;
    price: bigint | null;
    stock: bigint | null;
    status: Generated<string>;
    attempts: Generated<number>;
    error: string | null;
  };
}
