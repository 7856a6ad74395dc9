import { runLoad } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dependencies, startDependencies } from '../support/dependencies.ts';
import { dependencyHttp, stockedProduct } from '../support/dependency-http.ts';
import { startTestCart, type TestCart } from '../support/test-cart.ts';

// Products refuses more than 10 requests/s per API key (429 with Retry-After): exactly the cart's
// own client-side budget, so any burst the cart let through would reach its callers as errors.
let deps: Dependencies;
let cart: TestCart;
const api = dependencyHttp(() => deps);
const USERS = Array.from({ length: 11 }, (_, i) => 500 + i);

beforeAll(async () => {
  deps = await startDependencies({ RATE_LIMIT_RPS: '10', RATE_LIMIT_BURST: '10' });
  cart = await startTestCart(deps.addresses);
  const skus = [await stockedProduct(api, 9_100_001, 1_000), await stockedProduct(api, 9_100_002, 1_000)];
  for (const user of USERS) for (const sku of skus) expect((await cart.add(user, sku, 1)).status).toBe(200);
}, 240_000);
afterAll(async () => {
  await cart?.stop();
  await deps?.stop();
});

/** Statuses of the answers, counted: `{ 200: 70 }`. */
function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe('under load, with products rate-limiting at the cart’s own rate', () => {
  it('answers 70 GETs from 11 workers with no 429 and no 5xx', { timeout: 60_000 }, async () => {
    const statuses: number[] = [];
    await runLoad(11, 70, async (i) => {
      statuses.push((await cart.list(USERS[i % USERS.length]!)).status);
    });
    expect(tally(statuses)).toEqual({ 200: 70 });
  });

  it.each([30, 50])(
    'answers a burst of %i concurrent GETs with no 429 and no 5xx',
    { timeout: 60_000 },
    async (n) => {
      const answers = await Promise.all(
        Array.from({ length: n }, (_, i) => cart.list(USERS[i % USERS.length]!)),
      );
      expect(tally(answers.map((a) => a.status))).toEqual({ 200: n });
    },
  );
});
