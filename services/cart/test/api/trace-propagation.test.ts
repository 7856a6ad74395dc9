import { startTelemetry, type Telemetry } from '@marketplace/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeLoms,
  type FakeProducts,
  startFakeLoms,
  startFakeProducts,
} from '../support/fake-services.ts';
import { startTestCart, type TestCart } from '../support/test-cart.ts';

const BOOK = 1076963;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
let products: FakeProducts;
let loms: FakeLoms;
let cart: TestCart;
let telemetry: Telemetry;

beforeAll(async () => {
  // As main.ts does: W3C trace context in and out (spans recorded, exported nowhere).
  telemetry = startTelemetry('cart-test');
  products = await startFakeProducts([{ sku: BigInt(BOOK), name: 'Book', price: 3379 }]);
  loms = await startFakeLoms([[BigInt(BOOK), 265]]);
  cart = await startTestCart({ products: products.address, loms: loms.address });
});
afterAll(async () => {
  await cart?.stop();
  await products?.close();
  await loms?.close();
  await telemetry?.shutdown();
});

describe('trace context', () => {
  it('carries the caller’s trace into the calls to products and LOMS', async () => {
    const answer = await cart.request('POST', `/user/1/cart/${BOOK}`, '{"count":1}', {
      traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`,
    });
    expect(answer.status).toBe(200);
    for (const call of [...products.script.calls, ...loms.script.calls]) {
      expect(call.headers.get('traceparent')).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    }
    expect(products.script.calls.length + loms.script.calls.length).toBe(2);
  });
});
