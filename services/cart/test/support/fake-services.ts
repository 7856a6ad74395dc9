import { Code, ConnectError, type HandlerContext } from '@connectrpc/connect';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { ProductService } from '@marketplace/proto/marketplace/products/v1/products_pb';
import { startH2cServer } from '@marketplace/testkit';
import type { Product } from '../../src/domain/cart.ts';

/** One call a fake saw: method, its skus, headers, and its server-side signal (aborted if cancelled). */
export interface SeenCall {
  method: string;
  skus: bigint[];
  headers: Headers;
  signal: AbortSignal;
  at: number;
}

/** Behaviour shared by the fakes: failures to answer first (in order), a delay, calls in flight. */
function createScript() {
  const script = {
    calls: [] as SeenCall[],
    /** Thrown by the next calls, one each, before any normal answer. */
    failures: [] as ConnectError[],
    /** Fails calls that ask for this sku at once, without the delay. */
    failSku: undefined as { sku: bigint; error: ConnectError } | undefined,
    delayMs: 0,
    inFlight: 0,
    maxInFlight: 0,
    async enter(method: string, skus: bigint[], ctx: HandlerContext) {
      script.calls.push({
        method,
        skus,
        headers: ctx.requestHeader,
        signal: ctx.signal,
        at: performance.now(),
      });
      script.inFlight++;
      script.maxInFlight = Math.max(script.maxInFlight, script.inFlight);
      try {
        if (script.failSku && skus.includes(script.failSku.sku)) throw script.failSku.error;
        if (script.delayMs > 0) await delay(script.delayMs, ctx.signal);
        const failure = script.failures.shift();
        if (failure) throw failure;
      } finally {
        script.inFlight--;
      }
    },
    reset() {
      script.calls.length = 0;
      script.failures.length = 0;
      script.failSku = undefined;
      script.delayMs = 0;
      script.maxInFlight = 0;
    },
  };
  return script;
}

const delay = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new ConnectError('cancelled', Code.Canceled));
    });
  });

/** A products service in memory over real gRPC, scripted per test; `port` 0 picks a free one. */
export async function startFakeProducts(products: Product[], port = 0) {
  const catalog = new Map(products.map((p) => [p.sku, p]));
  const script = createScript();
  const server = await startH2cServer(
    (router) =>
      router.service(ProductService, {
        async getProduct(req, ctx) {
          await script.enter('GetProduct', [req.sku], ctx);
          const product = catalog.get(req.sku);
          if (!product) throw new ConnectError(`product ${req.sku} not found`, Code.NotFound);
          return { product };
        },
        async batchGetProducts(req, ctx) {
          await script.enter('BatchGetProducts', req.skus, ctx);
          return {
            products: req.skus.flatMap((sku) => (catalog.has(sku) ? [catalog.get(sku)!] : [])),
            missing: req.skus.filter((sku) => !catalog.has(sku)),
          };
        },
      }),
    port,
  );
  return { address: server.address, script, catalog, close: () => server.close() };
}

/**
 * LOMS in memory over real gRPC: stock by sku, orders replayed by idempotency key. Order ids count
 * up from `ids.next` (1 unless a test sets it, e.g. to an id beyond 2^53).
 */
export async function startFakeLoms(stock: ReadonlyArray<readonly [bigint, number]>) {
  const available = new Map(stock);
  const script = createScript();
  const ids = { next: 1n };
  const orders: Array<{
    orderId: bigint;
    userId: bigint;
    items: Array<{ sku: bigint; count: number }>;
    key: string;
  }> = [];
  const server = await startH2cServer((router) =>
    router.service(LomsService, {
      async stocksInfo(req, ctx) {
        await script.enter('StocksInfo', [req.sku], ctx);
        const count = available.get(req.sku);
        if (count === undefined) throw new ConnectError(`stock for sku ${req.sku} not found`, Code.NotFound);
        return { count };
      },
      async orderCreate(req, ctx) {
        const items = req.items.map((i) => ({ sku: i.sku, count: i.count }));
        await script.enter(
          'OrderCreate',
          items.map((i) => i.sku),
          ctx,
        );
        const key = ctx.requestHeader.get('idempotency-key') ?? '';
        const replay = orders.find((o) => key && o.key === key);
        if (replay) return { orderId: replay.orderId };
        const short = items.find((i) => i.count > (available.get(i.sku) ?? 0));
        if (short) throw new ConnectError(`not enough stock for sku ${short.sku}`, Code.FailedPrecondition);
        for (const i of items) available.set(i.sku, (available.get(i.sku) ?? 0) - i.count);
        const orderId = ids.next++;
        orders.push({ orderId, userId: req.userId, items, key });
        return { orderId };
      },
    }),
  );
  return { address: server.address, script, orders, available, ids, close: () => server.close() };
}

export type FakeProducts = Awaited<ReturnType<typeof startFakeProducts>>;
export type FakeLoms = Awaited<ReturnType<typeof startFakeLoms>>;
