import type { Generated } from 'kysely';

/** Tables of the loms database, as migrations/loms defines them. */
export interface LomsDatabase {
  stocks: { sku: bigint; total_count: bigint; reserved: bigint; fencing_token: bigint | null };
  orders: {
    id: Generated<bigint>;
    user_id: bigint;
    status: string;
    created_at: Generated<Date>;
    status_changed_at: Generated<Date>;
  };
  order_items: { order_id: bigint; sku: bigint; count: bigint };
  outbox: {
    id: Generated<bigint>;
    event_id: string;
    topic: string;
    key: string;
    payload: string;
    headers: Record<string, string>;
    created_at: Generated<Date>;
    sent_at: Date | null;
  };
  idempotency_keys: {
    key: string;
    request_hash: string;
    order_id: bigint | null;
    error: string | null;
    created_at: Generated<Date>;
  };
}
