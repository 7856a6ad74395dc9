/**
 * GET /user/{id}/cart latency for a 20-item cart, with products and LOMS running as child processes
 * at normal speed and the cart as a child process too, and the number of products calls each GET
 * costs (from products' own rpc_server_requests_total). Compares batched lookups (the default) with
 * one GetProduct per sku, both under the cart's default client-side limit of 10 requests/s, and
 * batched lookups with the limit lifted. GETS (default 100) sets the GETs per batched run.
 */
import { printTable, runLoad, startMarketplaceService, writeBenchResults } from '@marketplace/testkit';
import { cartHttp } from '../test/support/cart-http.ts';
import { startDependencies } from '../test/support/dependencies.ts';
import { dependencyHttp, stockedProduct } from '../test/support/dependency-http.ts';

const GETS = Number(process.env.GETS ?? 100);
const ITEMS = 20;
const USER = 42;

const deps = await startDependencies();
const api = dependencyHttp(() => deps);
const skus: number[] = [];
for (let i = 0; i < ITEMS; i++) skus.push(await stockedProduct(api, 6_000_001 + i, 1_000_000, 100 + i));

/** A cart child process from testkit's recipe (its own database), with USER's cart of 20 skus already filled. */
async function startCart(env: Record<string, string>) {
  const cart = await startMarketplaceService('cart', {
    env: { SHUTDOWN_DRAIN: '0', ...env },
    dependencies: deps.addresses,
    startTimeoutMs: 90_000,
  });
  const http = cartHttp(() => cart.httpUrl);
  for (const sku of skus) {
    const answer = await http.add(USER, sku, 1);
    if (answer.status !== 200) throw new Error(`add ${sku}: ${answer.status} ${answer.text}`);
  }
  return { http, stop: () => cart.stop() };
}

const productCalls = async () =>
  (await api.productCalls('GetProduct')) + (await api.productCalls('BatchGetProducts'));

const unlimited = { PRODUCTS_RATE_LIMIT: '100000', PRODUCTS_RATE_BURST: '100000' };
const scenarios: Array<{ name: string; env: Record<string, string>; concurrency: number; gets: number }> = [
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
];

const rows: Array<Record<string, unknown>> = [];
const results: unknown[] = [];
try {
  for (const scenario of scenarios) {
    const cart = await startCart(scenario.env);
    try {
      const get = async () => {
        const answer = await cart.http.list(USER);
        if (answer.status !== 200 || answer.body.items.length !== ITEMS)
          throw new Error(`GET: ${answer.status}`);
      };
      await runLoad(1, 3, get);
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
    } finally {
      await cart.stop();
    }
  }
  printTable(`Cart GET of a ${ITEMS}-item cart, products and LOMS at normal speed`, rows);
  console.log(`\nresults: ${writeBenchResults('cart-get', { items: ITEMS, runs: results })}`);
} finally {
  await deps.stop();
}
