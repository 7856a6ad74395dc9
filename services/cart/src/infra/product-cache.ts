import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Product } from '../domain/cart.ts';

export interface ProductCacheOptions {
  /** Most products kept; the least recently used goes first. */
  maxEntries: number;
  /** How long an entry may be served without an event refreshing it (a backstop for lost events). */
  ttlMs: number;
  registry: Registry;
  now?: () => number;
}

/** A catalogue change as the cache applies it (see ProductChanged in the protos). */
export interface ProductChange {
  product: Product;
  deleted: boolean;
  /** When products wrote the change, ms since the epoch. */
  momentMs: number;
}

/** The lookups a fill must not undo: a change applied after the lookup began wins over its answer. */
export interface LookupTicket {
  readonly epoch: number;
}

export interface ProductCache {
  /** The cached products of `skus`, each counted as a hit or a miss. */
  getMany(skus: readonly bigint[]): Map<bigint, Product>;
  /** Call before asking products for misses; pass the ticket to `fill`. */
  beginLookup(): LookupTicket;
  /** Stores what a lookup begun at `ticket` answered, except skus changed since. */
  fill(products: Iterable<Product>, ticket: LookupTicket): void;
  /** Updates (create, update) or evicts (delete) the sku of a change event. */
  apply(change: ProductChange): void;
  /** Drops the sku's entry (its event could not be read, so what is cached may be stale). */
  forget(sku: bigint): void;
  /**
   * Whether change events are arriving. Until they are (and again once they stop) the cache holds
   * nothing: every sku is a miss and fills are dropped, so without events the cart reads products
   * as it would without a cache. Going offline drops every entry.
   */
  setLive(live: boolean): void;
  readonly live: boolean;
  readonly size: number;
}

/** Skus changed during lookups, kept so a late fill cannot undo them; beyond this, fills are dropped. */
const MAX_TRACKED_CHANGES = 10_000;

/**
 * A bounded LRU of products with a TTL, kept fresh by change events. A Map keeps insertion order,
 * so re-inserting on a hit makes its first key the least recently used. Metrics:
 * cart_product_cache_hits_total, _misses_total, _evictions_total{reason=lru|ttl|event|cleared},
 * _entries, _live, and cart_product_cache_staleness_seconds (now minus the change's moment, at apply).
 */
export function createProductCache({
  maxEntries,
  ttlMs,
  registry,
  now = Date.now,
}: ProductCacheOptions): ProductCache {
  const entries = new Map<bigint, { product: Product; expiresAt: number }>();
  const registers = [registry];
  const hits = new Counter({
    name: 'cart_product_cache_hits_total',
    help: 'Products served from the cache.',
    registers,
  });
  const misses = new Counter({
    name: 'cart_product_cache_misses_total',
    help: 'Products not in the cache (or expired), asked of the products service.',
    registers,
  });
  const evictions = new Counter({
    name: 'cart_product_cache_evictions_total',
    help: 'Entries dropped: lru (size bound), ttl (expired), event (deleted product), cleared (event stream lost).',
    labelNames: ['reason'],
    registers,
  });
  new Gauge({
    name: 'cart_product_cache_entries',
    help: 'Products in the cache.',
    registers,
    collect() {
      this.set(entries.size);
    },
  });
  new Gauge({
    name: 'cart_product_cache_live',
    help: '1 while product change events arrive and the cache serves, 0 while it is off.',
    registers,
    collect() {
      this.set(live ? 1 : 0);
    },
  });
  const staleness = new Histogram({
    name: 'cart_product_cache_staleness_seconds',
    help: 'From a catalogue change in products to its event applied to this cache.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });

  let live = false;
  let epoch = 0;
  let inFlight = 0;
  /** sku -> epoch of its latest change while lookups were in flight. */
  const changed = new Map<bigint, number>();
  /** Fills of lookups begun before this epoch are dropped (the change record overflowed). */
  let distrustBefore = 0;

  const store = (product: Product) => {
    entries.delete(product.sku);
    entries.set(product.sku, { product, expiresAt: now() + ttlMs });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value as bigint;
      entries.delete(oldest);
      evictions.inc({ reason: 'lru' });
    }
  };

  return {
    getMany(skus) {
      const found = new Map<bigint, Product>();
      if (!live) {
        misses.inc(skus.length);
        return found;
      }
      const at = now();
      for (const sku of skus) {
        const entry = entries.get(sku);
        if (entry && entry.expiresAt > at) {
          entries.delete(sku);
          entries.set(sku, entry);
          found.set(sku, entry.product);
          hits.inc();
          continue;
        }
        if (entry) {
          entries.delete(sku);
          evictions.inc({ reason: 'ttl' });
        }
        misses.inc();
      }
      return found;
    },

    beginLookup() {
      inFlight++;
      return { epoch };
    },

    fill(products, ticket) {
      inFlight--;
      if (live && ticket.epoch >= distrustBefore)
        for (const product of products) {
          const changedAt = changed.get(product.sku);
          if (changedAt === undefined || changedAt <= ticket.epoch) store(product);
        }
      if (inFlight === 0) changed.clear();
    },

    apply({ product, deleted, momentMs }) {
      epoch++;
      if (inFlight > 0) {
        changed.set(product.sku, epoch);
        if (changed.size > MAX_TRACKED_CHANGES) {
          changed.clear();
          distrustBefore = epoch;
        }
      }
      staleness.observe(Math.max(0, now() - momentMs) / 1000);
      if (!deleted) {
        // Only a product already cached is refreshed: the cache holds what carts ask for, not the
        // whole catalogue.
        if (entries.has(product.sku)) store(product);
        return;
      }
      if (entries.delete(product.sku)) evictions.inc({ reason: 'event' });
    },

    forget(sku) {
      epoch++;
      if (inFlight > 0) changed.set(sku, epoch);
      if (entries.delete(sku)) evictions.inc({ reason: 'event' });
    },

    setLive(next) {
      if (live === next) return;
      // Either way, a lookup begun before now is not stored: begun while events did not arrive, its
      // answer may predate changes whose events this cache never gets.
      epoch++;
      distrustBefore = epoch;
      if (!next) {
        evictions.inc({ reason: 'cleared' }, entries.size);
        entries.clear();
      }
      live = next;
    },

    get live() {
      return live;
    },

    get size() {
      return entries.size;
    },
  };
}
