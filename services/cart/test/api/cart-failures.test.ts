import { Code, ConnectError } from '@connectrpc/connect';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeLoms,
  type FakeProducts,
  startFakeLoms,
  startFakeProducts,
} from '../support/fake-services.ts';
import { startTestCart, type TestCart } from '../support/test-cart.ts';

const BOOK = 1076963;
const running: Array<{ stop?: () => Promise<void>; close?: () => Promise<void> }> = [];
afterEach(async () => {
  for (const part of running.splice(0).reverse()) await (part.stop ?? part.close)?.();
});

async function stack(env: Record<string, string> = {}) {
  const products: FakeProducts = await startFakeProducts([{ sku: BigInt(BOOK), name: 'Book', price: 3379 }]);
  const loms: FakeLoms = await startFakeLoms([[BigInt(BOOK), 265]]);
  running.push(products, loms);
  const cart: TestCart = await startTestCart({ products: products.address, loms: loms.address }, env);
  running.push(cart);
  return { products, loms, cart };
}

describe('when a dependency fails', () => {
  it('answers 503 naming products when products is down, fails fast with the circuit open, and recovers', async () => {
    const { products, cart } = await stack({
      PRODUCTS_BREAKER_FAILURES: '3',
      PRODUCTS_BREAKER_HALF_OPEN_AFTER: '200ms',
    });
    expect((await cart.add(1, BOOK, 1)).status).toBe(200);
    await products.close();
    const down = await cart.list(1);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({
      code: 14,
      message: 'products service is unavailable; try again later',
      details: [],
    });
    const open = await cart.list(1);
    expect(open.status).toBe(503);
    expect(open.body.message).toMatch(/^products service is unavailable \(circuit breaker open/);

    const back = await startFakeProducts(
      [{ sku: BigInt(BOOK), name: 'Book', price: 3379 }],
      Number(products.address.split(':')[1]),
    );
    running.push(back);
    await expect.poll(async () => (await cart.list(1)).status, { timeout: 10_000, interval: 100 }).toBe(200);
  });

  it('answers 503 naming LOMS when LOMS is down at checkout, and keeps the cart', async () => {
    const { loms, cart } = await stack();
    await cart.add(2, BOOK, 1);
    await loms.close();
    const answer = await cart.checkout(2);
    expect(answer.status).toBe(503);
    expect(answer.body.message).toBe('order service (LOMS) is unavailable; try again later');
    expect((await cart.list(2)).body.items).toHaveLength(1);
  });

  it('answers 503 when its database cannot be reached, never 500', async () => {
    // Nothing accepts connections on the discard port: the pool's connect fails.
    const { cart } = await stack({ DATABASE_URL: 'postgres://127.0.0.1:9/cart' });
    const answer = await cart.add(5, BOOK, 1);
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({ code: 14, message: 'database unavailable, try again', details: [] });
  });

  it('answers 504 when the request deadline passes, retries and rate-limit waits included', async () => {
    const { products, cart } = await stack({ REQUEST_TIMEOUT: '300ms' });
    await cart.add(3, BOOK, 1);
    products.script.delayMs = 5_000;
    const answer = await cart.list(3);
    expect(answer.status).toBe(504);
    expect(answer.body).toEqual({
      code: 4,
      message: 'request did not finish within its 300 ms deadline',
      details: [],
    });
  });

  it('slows down instead of passing on 429s from products', async () => {
    const { products, cart } = await stack();
    await cart.add(4, BOOK, 1);
    products.script.reset();
    for (let i = 0; i < 2; i++)
      products.script.failures.push(
        new ConnectError('rate limit', Code.ResourceExhausted, new Headers({ 'retry-after': '0.1' })),
      );
    expect((await cart.list(4)).status).toBe(200);
    expect(products.script.calls).toHaveLength(3);
  });
});
