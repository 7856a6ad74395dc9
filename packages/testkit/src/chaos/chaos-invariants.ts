import { SHOPPER_STOCK } from './chaos-catalog.ts';
import type { ChaosLedger } from './chaos-ledger.ts';
import type { StackSnapshot } from './stack-snapshot.ts';

/** One checked invariant: PASS when `problems` is empty; `detail` says what was counted. */
export interface InvariantResult {
  invariant: string;
  ok: boolean;
  detail: string;
  /** The first few violations, each naming what broke. */
  problems: string[];
}

const SHOWN = 5;
const result = (invariant: string, detail: string, problems: string[]): InvariantResult => ({
  invariant,
  ok: problems.length === 0,
  detail: problems.length > 0 ? `${problems.length} violation(s); ${detail}` : detail,
  problems: problems.slice(0, SHOWN),
});
const add = (map: Map<bigint, bigint>, key: bigint, n: bigint) => map.set(key, (map.get(key) ?? 0n) + n);
const sumBySku = (orders: StackSnapshot['orders'], status: string) => {
  const sums = new Map<bigint, bigint>();
  for (const order of orders.values())
    if (order.status === status) for (const [sku, count] of order.items) add(sums, sku, count);
  return sums;
};

/** Stock: totals and reservations are what the committed orders imply, within bounds. */
export function checkStock(snapshot: StackSnapshot): InvariantResult[] {
  const sold = sumBySku(snapshot.orders, 'paid');
  const awaiting = sumBySku(snapshot.orders, 'awaiting payment');
  const conservation: string[] = [];
  const reservations: string[] = [];
  const bounds: string[] = [];
  for (const { sku, total, reserved } of snapshot.stocks) {
    const initial = SHOPPER_STOCK.get(sku);
    if (initial !== undefined && total !== initial - (sold.get(sku) ?? 0n))
      conservation.push(`sku ${sku}: total ${total}, but ${initial} set - ${sold.get(sku) ?? 0n} sold`);
    if (reserved !== (awaiting.get(sku) ?? 0n))
      reservations.push(
        `sku ${sku}: reserved ${reserved}, orders awaiting payment hold ${awaiting.get(sku) ?? 0n}`,
      );
    if (reserved < 0n || reserved > total) bounds.push(`sku ${sku}: reserved ${reserved}, total ${total}`);
  }
  const soldTotal = [...sold.values()].reduce((a, b) => a + b, 0n);
  return [
    result(
      'stock: total = set - sold (paid orders)',
      `${SHOPPER_STOCK.size} shopper skus, ${soldTotal} items sold`,
      conservation,
    ),
    result(
      'stock: reserved = sum over orders awaiting payment',
      `${snapshot.stocks.length} skus`,
      reservations,
    ),
    result('stock: 0 <= reserved <= total', `${snapshot.stocks.length} skus`, bounds),
  ];
}

/** Every acknowledged checkout, payment and cancellation is in LOMS, and nothing unasked is paid. */
export function checkOrders(snapshot: StackSnapshot, ledger: ChaosLedger): InvariantResult {
  const problems: string[] = [];
  const expected = { pay: 'paid', cancel: 'cancelled' } as const;
  let checked = 0;
  for (const checkout of ledger.checkouts) {
    if (checkout.state !== 'acked' || checkout.orderId === undefined) continue;
    checked++;
    const order = snapshot.orders.get(checkout.orderId);
    if (!order) problems.push(`order ${checkout.orderId} acknowledged to user ${checkout.userId} is missing`);
    else if (order.userId !== checkout.userId)
      problems.push(
        `order ${checkout.orderId} belongs to ${order.userId}, acknowledged to ${checkout.userId}`,
      );
  }
  const asked = new Set<bigint>();
  for (const action of ledger.orderActions) {
    if (action.action === 'pay' && action.state !== 'refused') asked.add(action.orderId);
    if (action.state !== 'acked') continue;
    checked++;
    const status = snapshot.orders.get(action.orderId)?.status;
    if (status !== expected[action.action])
      problems.push(
        `order ${action.orderId}: ${action.action} acknowledged, but it is ${status ?? 'missing'}`,
      );
  }
  for (const [id, order] of snapshot.orders)
    if (order.status === 'paid' && !asked.has(id))
      problems.push(`order ${id} is paid, but no shopper paid it`);
  return result(
    'acknowledged checkouts, payments and cancellations took effect',
    `${checked} acknowledged, ${snapshot.orders.size} orders`,
    problems,
  );
}

/**
 * The order lifecycle as the contract describes it, written out here on purpose: the checker is an
 * oracle of its own, not derived from the LOMS code it checks.
 */
const NEXT: Record<string, readonly string[]> = {
  start: ['new'],
  new: ['awaiting payment', 'failed'],
  'awaiting payment': ['paid', 'cancelled'],
};

/** Each committed status change reached the notifier exactly once, and orders match their events. */
export function checkEvents(snapshot: StackSnapshot): InvariantResult[] {
  const processed = new Map(snapshot.processed.map((e) => [e.eventId, e]));
  const committed = new Set(snapshot.outbox.map((e) => e.eventId));
  const delivery: string[] = [];
  for (const event of snapshot.outbox)
    if (!processed.has(event.eventId))
      delivery.push(
        `order ${event.orderId} "${event.status}" (event ${event.eventId}) never reached the notifier`,
      );
  for (const event of snapshot.processed)
    if (!committed.has(event.eventId))
      delivery.push(
        `the notifier acted on event ${event.eventId} (order ${event.orderId}) that LOMS never committed`,
      );
  const seen = new Set<string>();
  for (const event of snapshot.processed) {
    const key = `${event.orderId}/${event.status}`;
    if (seen.has(key)) delivery.push(`order ${event.orderId} "${event.status}" took effect twice`);
    seen.add(key);
  }
  const history = new Map<bigint, string[]>();
  for (const event of snapshot.outbox)
    history.set(event.orderId, [...(history.get(event.orderId) ?? []), event.status]);
  const consistency: string[] = [];
  for (const [id, order] of snapshot.orders) {
    const statuses = history.get(id) ?? [];
    const legal = statuses.every((status, i) => NEXT[i === 0 ? 'start' : statuses[i - 1]!]?.includes(status));
    if (!legal || statuses.at(-1) !== order.status)
      consistency.push(`order ${id} is "${order.status}", its events: ${statuses.join(' -> ') || 'none'}`);
  }
  return [
    result(
      'every committed status change took effect at the notifier once',
      `${snapshot.outbox.length} events committed, ${snapshot.processed.length} processed`,
      delivery,
    ),
    result(
      'each order is its events: new -> outcome -> paid/cancelled',
      `${snapshot.orders.size} orders`,
      consistency,
    ),
  ];
}

/** No order waits for payment longer than the payment timeout (plus the expiry sweep's slack). */
export function checkExpiry(
  snapshot: StackSnapshot,
  paymentTimeoutMs: number,
  slackMs: number,
): InvariantResult {
  const problems: string[] = [];
  let awaiting = 0;
  for (const [id, order] of snapshot.orders) {
    if (order.status !== 'awaiting payment') continue;
    awaiting++;
    if (order.statusAgeMs > paymentTimeoutMs + slackMs)
      problems.push(`order ${id} has awaited payment for ${(order.statusAgeMs / 1000).toFixed(1)} s`);
  }
  return result(
    'no order awaiting payment past the payment timeout',
    `timeout ${paymentTimeoutMs / 1000} s, ${awaiting} awaiting now`,
    problems,
  );
}

/**
 * Every acknowledged cart write is in the cart or went into a checkout: per user and sku, what the
 * cart holds plus what its checkouts took lies between the acknowledged adds and those plus the adds
 * whose answer said nothing. Every checkout the cart recorded is that order in LOMS.
 */
export function checkCart(snapshot: StackSnapshot, ledger: ChaosLedger): InvariantResult {
  const key = (userId: bigint, sku: bigint) => `${userId}/${sku}`;
  const acked = new Map<string, bigint>();
  const unknown = new Map<string, bigint>();
  for (const w of ledger.cartWrites) {
    const map = w.state === 'acked' ? acked : w.state === 'unknown' ? unknown : undefined;
    if (map) map.set(key(w.userId, w.sku), (map.get(key(w.userId, w.sku)) ?? 0n) + w.count);
  }
  const held = new Map<string, bigint>();
  const hold = (k: string, n: bigint) => held.set(k, (held.get(k) ?? 0n) + n);
  for (const item of snapshot.cartItems) hold(key(item.userId, item.sku), item.count);
  const problems: string[] = [];
  for (const checkout of snapshot.cartCheckouts) {
    for (const [sku, count] of checkout.items) hold(key(checkout.userId, sku), count);
    const order = snapshot.orders.get(checkout.orderId);
    const same =
      order !== undefined &&
      order.userId === checkout.userId &&
      order.items.size === checkout.items.size &&
      [...checkout.items].every(([sku, count]) => order.items.get(sku) === count);
    if (!same)
      problems.push(
        `the cart's checkout of user ${checkout.userId} is not order ${checkout.orderId} in LOMS`,
      );
  }
  for (const checkout of ledger.checkouts)
    if (
      checkout.state === 'acked' &&
      !snapshot.cartCheckouts.some((c) => c.userId === checkout.userId && c.orderId === checkout.orderId)
    )
      problems.push(
        `acknowledged checkout of user ${checkout.userId} (order ${checkout.orderId}) is not recorded`,
      );
  for (const k of new Set([...acked.keys(), ...held.keys()])) {
    const low = acked.get(k) ?? 0n;
    const high = low + (unknown.get(k) ?? 0n);
    const got = held.get(k) ?? 0n;
    if (got < low || got > high)
      problems.push(`user/sku ${k}: ${got} in cart or checked out, acknowledged ${low}..${high}`);
  }
  const writes = ledger.cartWrites.filter((w) => w.state === 'acked').length;
  return result(
    'acknowledged cart writes are in the cart or checked out',
    `${writes} acknowledged writes, ${snapshot.cartCheckouts.length} checkouts`,
    problems,
  );
}

/**
 * Every acknowledged ingest batch is finished with each event applied (or failed with a reason),
 * and LOMS's stock and the catalogue's price of each of its skus are those of its last applied event.
 */
export function checkIngest(
  snapshot: StackSnapshot,
  ledger: ChaosLedger,
  totals: Map<bigint, bigint>,
): InvariantResult {
  const problems: string[] = [];
  let events = 0;
  let failed = 0;
  for (const batch of ledger.ingests) {
    if (batch.state !== 'acked' || batch.batchId === undefined) continue;
    const stored = snapshot.ingestEvents
      .filter((e) => e.batchId === batch.batchId)
      .sort((a, b) => a.seq - b.seq);
    events += stored.length;
    if (stored.length !== batch.events.length) {
      problems.push(`batch ${batch.batchId}: ${stored.length} of ${batch.events.length} events stored`);
      continue;
    }
    if (snapshot.unfinishedBatches.has(batch.batchId))
      problems.push(`batch ${batch.batchId} is not finished`);
    const last = new Map<bigint, (typeof stored)[number]>();
    for (const event of stored) {
      if (event.status === 'failed') failed++;
      else if (event.status === 'applied') last.set(event.sku, event);
      else problems.push(`batch ${batch.batchId} event ${event.seq} is still ${event.status}`);
    }
    for (const [sku, event] of last) {
      const later = stored.filter((e) => e.sku === sku && e.seq > event.seq).map((e) => e.stock);
      const total = totals.get(sku);
      if (![event.stock, ...later].includes(total ?? null))
        problems.push(
          `sku ${sku}: LOMS total ${total ?? 'missing'}, its last applied event set ${event.stock}`,
        );
      if (snapshot.prices.get(sku) !== event.price)
        problems.push(
          `sku ${sku}: price ${snapshot.prices.get(sku)}, its last applied event set ${event.price}`,
        );
    }
  }
  const acked = ledger.ingests.filter((b) => b.state === 'acked').length;
  return result(
    'acknowledged ingest batches were applied',
    `${acked} batches, ${events} events, ${failed} failed with a reason`,
    problems,
  );
}
