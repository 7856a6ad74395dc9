import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dependencies, startDependencies } from '../support/dependencies.ts';
import { startTestCart, type TestCart } from '../support/test-cart.ts';

const BOOK = 1076963;
let deps: Dependencies;
let cart: TestCart;

beforeAll(async () => {
  deps = await startDependencies();
  cart = await startTestCart(deps.addresses);
  expect((await cart.add(1, BOOK, 1)).status).toBe(200);
}, 240_000);
afterAll(async () => {
  await cart?.stop();
  await deps?.stop();
});

describe('when products stops', () => {
  it('answers 503 naming products, then at once with the circuit open', { timeout: 60_000 }, async () => {
    // The stack stops as a whole: LOMS goes too, which a GET does not need.
    await deps.stop();
    const first = await cart.list(1);
    expect(first).toMatchObject({ status: 503, body: { code: 14, details: [] } });
    expect(first.body.message).toBe('products service is unavailable; try again later');
    const next = await cart.list(1);
    expect(next.status).toBe(503);
    expect(next.body.message).toMatch(/^products service is unavailable \(circuit breaker open/);
    expect((await cart.add(1, BOOK, 1)).status).toBe(503);
  });
});
