import type { NewOrder, OrderService, ProductCatalog } from '../../src/app/ports.ts';
import type { Product } from '../../src/domain/cart.ts';
import { OrderRefusedError } from '../../src/domain/errors.ts';

/** Waits until `signal` aborts, then rejects with its reason: a call that never answers by itself. */
export const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

/** A catalogue in memory that records each lookup and the signal it came with. */
export function createFakeCatalog(products: Product[] = []) {
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const lookups: Array<{ skus: bigint[]; signal: AbortSignal }> = [];
  const catalog = {
    lookups,
    /** When set, lookups wait for their signal to abort instead of answering. */
    hang: false,
    put(product: Product) {
      bySku.set(product.sku, product);
    },
    remove(sku: bigint) {
      bySku.delete(sku);
    },
    async getProducts(skus: readonly bigint[], signal: AbortSignal) {
      lookups.push({ skus: [...skus], signal });
      if (catalog.hang) return untilAborted(signal);
      return new Map(skus.flatMap((sku) => (bySku.has(sku) ? [[sku, bySku.get(sku)!] as const] : [])));
    },
  } satisfies ProductCatalog & Record<string, unknown>;
  return catalog;
}

/** LOMS in memory: stock by sku, orders by idempotency key (a repeated key returns the first order). */
export function createFakeOrders(stock: ReadonlyArray<readonly [bigint, number]> = []) {
  const available = new Map(stock);
  const orders: Array<NewOrder & { orderId: bigint }> = [];
  const stockQuestions: AbortSignal[] = [];
  const service = {
    orders,
    stockQuestions,
    hang: false,
    /** When set, every order is refused with this reason. */
    refuseWith: undefined as string | undefined,
    /** Runs after the order is made and before it is answered (e.g. to change the cart meanwhile). */
    beforeAnswer: async () => {},
    setStock(sku: bigint, count: number) {
      available.set(sku, count);
    },
    async availableStock(sku: bigint, signal: AbortSignal) {
      stockQuestions.push(signal);
      if (service.hang) return untilAborted(signal);
      return available.get(sku) ?? 0;
    },
    async createOrder(order: NewOrder) {
      if (service.refuseWith) throw new OrderRefusedError(service.refuseWith);
      const existing = orders.find((o) => o.idempotencyKey === order.idempotencyKey);
      if (existing) return existing.orderId;
      const orderId = BigInt(orders.length + 1);
      orders.push({ ...order, items: order.items.map((i) => ({ ...i })), orderId });
      await service.beforeAnswer();
      return orderId;
    },
  } satisfies OrderService & Record<string, unknown>;
  return service;
}
