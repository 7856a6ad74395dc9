/**
 * GET /user/{id}/cart latency for a 20-item cart, with products and LOMS running as child processes
 * at normal speed and the cart as a child process too, and the number of products calls each GET
 * costs (from products' own rpc_server_requests_total). Compares batched lookups (the default) with
 * one GetProduct per sku, both under the cart's default client-side limit of 10 requests/s, and
 * batched lookups with the limit lifted. GETS (default 100) sets the GETs per batched run.
 *
 * The cached runs (20 times the GETs) read names and prices from the cart's products cache, warm,
 * which products' change events keep fresh; staleness is the time from a PATCH of a price in
 * products until a cart GET shows it (STALENESS_ROUNDS, default 30). Products relays its events to
 * a topic of the bench's own, deleted at the end.
 */
import {
  createTestTopic,
  printTable,
  productsRelayingTo,
  quantile,
  readBenchSettings,
  runLoad,
  startMarketplaceService,
  writeBenchResults,
} from '@marketplace/testkit';
import { cartHttp } from '../test/support/cart-http.ts';
import { startDependencies } from '../test/support/dependencies.ts';
import { dependencyHttp, stockedProduct } from '../test/support/dependency-http.ts';

const { GETS, STALENESS_ROUNDS } = readBenchSettings({ GETS: 100, STALENESS_ROUNDS: 30 });
const ITEMS = 20;
const USER = 42;

const events = await createTestTopic('products.product-events.bench');
const deps = await startDependencies(productsRelayingTo(events));
const api = dependencyHttp(() => deps);
const skus: number[] = [];
for (let i = 0; i < ITEMS; i++) skus.push(await stockedProduct(api, 6_000_001 + i, 1_000_000, 100 + i));

/** A cart child process from testkit's recipe (its bundle, its own database), with USER's cart of 20 skus already filled. */
async function startCart(env: Record<string, string>) {
  const cart = await startMarketplaceService('cart', {
    env: { SHUTDOWN_DRAIN: '0', ...env },
    dependencies: deps.addresses,
    startTimeoutMs: 90_000,
    bundled: true,
  });
  const http = cartHttp(() => cart.httpUrl);
  if (env.PRODUCT_CACHE_MAX_ENTRIES) await cacheLive(cart.httpUrl);
  for (const sku of skus) {
    const answer = await http.add(USER, sku, 1);
    if (answer.status !== 200) throw new Error(`add ${sku}: ${answer.status} ${answer.text}`);
  }
  return { http, stop: () => cart.stop() };
}

/** Waits until the cart's products cache follows the events (its consumer joined). */
async function cacheLive(base: string) {
  const deadline = Date.now() + 60_000;
  while (!/^cart_product_cache_live(\{[^}]*\})? 1$/m.test(await (await fetch(`${base}/metrics`)).text())) {
    if (Date.now() > deadline) throw new Error('the products cache did not go live in 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const productCalls = async () =>
  (await api.productCalls('GetProduct')) + (await api.productCalls('BatchGetProducts'));

const unlimited = { PRODUCTS_RATE_LIMIT: '100000', PRODUCTS_RATE_BURST: '100000' };
// The bench is one client address: the per-client edge limit (200/s by default) would answer most
// of the cached GETs 429.
const cached = {
  RATE_LIMIT_PER_IP: '1000000',
  PRODUCT_CACHE_MAX_ENTRIES: '10000',
  KAFKA_BROKERS: events.brokers.join(','),
  PRODUCT_EVENTS_TOPIC: events.topic,
};
const scenarios: Array<{
  name: string;
  env: Record<string, string>;
  concurrency: number;
  gets: number;
  /** GETs before the measured ones (default 3): the cached runs also warm the service's JIT. */
  warmup?: number;
  staleness?: boolean;
}> = [
  { name: 'batched', env: {}, concurrency: 1, gets: GETS },
  { name: 'batched', env: {}, concurrency: 8, gets: GETS },
  { name: 'batched, no client limit', env: unlimited, concurrency: 1, gets: GETS },
  { name: 'batched, no client limit', env: unlimited, concurrency: 8, gets: GETS },
  {
    name: 'GetProduct per sku',
    env: { PRODUCTS_BATCH_SIZE: '1' },
    concurrency: 1,
    gets: Math.ceil(GETS / 10),
  },
  { name: 'cached (warm)', env: cached, concurrency: 1, gets: GETS * 20, warmup: GETS * 5 },
  {
    name: 'cached (warm)',
    env: cached,
    concurrency: 8,
    gets: GETS * 20,
    warmup: GETS * 5,
    staleness: true,
  },
];

/** PATCHes the price of one of the cart's skus, then GETs until the cart shows it; ms per round. */
async function measureStaleness(cart: Awaited<ReturnType<typeof startCart>>) {
  const delays: number[] = [];
  for (let round = 0; round < STALENESS_ROUNDS; round++) {
    const sku = skus[round % skus.length]!;
    const price = 1_000 + round;
    const started = performance.now();
    await api.updateProduct(sku, { price });
    for (;;) {
      const answer = await cart.http.list(USER);
      if (answer.body?.items?.find((i: { sku: number }) => i.sku === sku)?.price === price) break;
      if (performance.now() - started > 10_000) throw new Error(`price of ${sku} not shown in 10 s`);
    }
    delays.push(performance.now() - started);
  }
  delays.sort((a, b) => a - b);
  const round = (ms: number | undefined) => Number((ms ?? Number.NaN).toFixed(1));
  return {
    rounds: delays.length,
    p50Ms: round(quantile(delays, 0.5)),
    p99Ms: round(quantile(delays, 0.99)),
    maxMs: round(delays.at(-1)),
  };
}

const rows: Array<Record<string, unknown>> = [];
const results: unknown[] = [];
let staleness: Awaited<ReturnType<typeof measureStaleness>> | undefined;
try {
  for (const scenario of scenarios) {
    const cart = await startCart(scenario.env);
    try {
      const get = async () => {
        const answer = await cart.http.list(USER);
        if (answer.status !== 200 || answer.body.items.length !== ITEMS)
          throw new Error(`GET: ${answer.status}`);
      };
      await runLoad(scenario.concurrency, scenario.warmup ?? 3, get);
      const before = await productCalls();
      const load = await runLoad(scenario.concurrency, scenario.gets, get);
      const callsPerGet = ((await productCalls()) - before) / scenario.gets;
      results.push({ ...scenario, load, productCallsPerGet: callsPerGet });
      rows.push({
        lookups: scenario.name,
        clients: scenario.concurrency,
        gets: scenario.gets,
        'GET/s': load.perSecond,
        'p50 ms': load.p50Ms,
        'p99 ms': load.p99Ms,
        'products calls/GET': callsPerGet.toFixed(2),
        errors: load.errors,
      });
      if (scenario.staleness) staleness = await measureStaleness(cart);
    } finally {
      await cart.stop();
    }
  }
  printTable(`Cart GET of a ${ITEMS}-item cart, products and LOMS at normal speed`, rows);
  if (staleness)
    printTable('Staleness with the cache on: PATCH a price in products, then GET until the cart shows it', [
      {
        rounds: staleness.rounds,
        'p50 ms': staleness.p50Ms,
        'p99 ms': staleness.p99Ms,
        'max ms': staleness.maxMs,
      },
    ]);
  console.log(`\nresults: ${writeBenchResults('cart-get', { items: ITEMS, runs: results, staleness })}`);
} finally {
  await deps.stop();
  await events.delete();
}
