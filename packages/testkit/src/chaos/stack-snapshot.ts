import { withClient } from './chaos-catalog.ts';

/** The committed state of the stack's databases after the run, as plain rows (ids as bigint). */
export interface StackSnapshot {
  stocks: Array<{ sku: bigint; total: bigint; reserved: bigint }>;
  orders: Map<bigint, { userId: bigint; status: string; statusAgeMs: number; items: Map<bigint, bigint> }>;
  /** LOMS's outbox in commit order. */
  outbox: Array<{ eventId: string; orderId: bigint; status: string }>;
  processed: Array<{ eventId: string; orderId: bigint; status: string }>;
  cartItems: Array<{ userId: bigint; sku: bigint; count: bigint }>;
  cartCheckouts: Array<{ userId: bigint; orderId: bigint; items: Map<bigint, bigint> }>;
  ingestEvents: Array<{
    batchId: string;
    seq: number;
    sku: bigint;
    stock: bigint | null;
    price: bigint | null;
    status: string;
  }>;
  unfinishedBatches: Set<string>;
  prices: Map<bigint, bigint>;
}

/** Reads every table the invariants need from the services' databases. */
export async function readStackSnapshot(databases: {
  loms: string;
  products: string;
  cart: string;
  notifier: string;
}): Promise<StackSnapshot> {
  const big = (v: string | number) => BigInt(v);
  type Row = Record<string, string>;
  const lomsRows = await withClient(databases.loms, async (c) => ({
    stocks: (await c.query<Row>('SELECT sku, total_count, reserved FROM stocks')).rows,
    orders: (
      await c.query<Row>(
        `SELECT id, user_id, status, (extract(epoch FROM now() - status_changed_at) * 1000)::bigint AS age_ms FROM orders`,
      )
    ).rows,
    items: (await c.query<Row>('SELECT order_id, sku, count FROM order_items')).rows,
    outbox: (await c.query<Row>('SELECT event_id, key, payload FROM outbox ORDER BY id')).rows,
  }));
  const orders: StackSnapshot['orders'] = new Map(
    lomsRows.orders.map((o) => [
      big(o.id!),
      { userId: big(o.user_id!), status: o.status!, statusAgeMs: Number(o.age_ms), items: new Map() },
    ]),
  );
  for (const item of lomsRows.items)
    orders.get(big(item.order_id!))?.items.set(big(item.sku!), big(item.count!));
  const processed = await withClient(
    databases.notifier,
    async (c) => (await c.query<Row>('SELECT event_id, order_id, status FROM processed_events')).rows,
  );
  const cart = await withClient(databases.cart, async (c) => ({
    items: (await c.query<Row>('SELECT user_id, sku, count FROM cart_items')).rows,
    checkouts: (
      await c.query<{ user_id: string; order_id: string; skus: string[]; counts: string[] }>(
        'SELECT user_id, order_id, skus, counts FROM checkouts',
      )
    ).rows,
  }));
  const products = await withClient(databases.products, async (c) => ({
    events: (await c.query<Row>('SELECT batch_id, seq, sku, stock, price, status FROM ingest_events')).rows,
    unfinished: (await c.query<Row>('SELECT id FROM ingest_batches WHERE finished_at IS NULL')).rows,
    prices: (await c.query<Row>('SELECT sku, price FROM products')).rows,
  }));
  return {
    stocks: lomsRows.stocks.map((s) => ({
      sku: big(s.sku!),
      total: big(s.total_count!),
      reserved: big(s.reserved!),
    })),
    orders,
    outbox: lomsRows.outbox.map((e) => ({
      eventId: e.event_id!,
      orderId: big(e.key!),
      status: (JSON.parse(e.payload!) as { status: string }).status,
    })),
    processed: processed.map((e) => ({ eventId: e.event_id!, orderId: big(e.order_id!), status: e.status! })),
    cartItems: cart.items.map((i) => ({ userId: big(i.user_id!), sku: big(i.sku!), count: big(i.count!) })),
    cartCheckouts: cart.checkouts.map((c) => ({
      userId: big(c.user_id),
      orderId: big(c.order_id),
      items: new Map(c.skus.map((sku, i) => [big(sku), big(c.counts[i]!)])),
    })),
    ingestEvents: products.events.map((e) => ({
      batchId: e.batch_id!,
      seq: Number(e.seq),
      sku: big(e.sku!),
      stock: e.stock == null ? null : big(e.stock),
      price: e.price == null ? null : big(e.price),
      status: e.status!,
    })),
    unfinishedBatches: new Set(products.unfinished.map((b) => b.id!)),
    prices: new Map(products.prices.map((p) => [big(p.sku!), big(p.price!)])),
  };
}
