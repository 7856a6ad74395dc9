import { describe, expect, it } from 'vitest';
import { newStackProductsKeys, planStack } from '../../src/stack/stack-plan.ts';

const keys = { cart: 'cart-k1', storefront: 'storefront-k2' };
const plan = planStack('postgres://postgres@127.0.0.1:5432/postgres', ['127.0.0.1:9092'], keys);
const envOf = (name: string) => plan.find((p) => p.name === name)!.env;

describe('the native stack (make run-all) products keys', () => {
  it('gives the cart and the storefront keys of their own, each a client of products', () => {
    expect(envOf('cart').PRODUCTS_API_KEY).toBe('cart-k1');
    expect(envOf('storefront').PRODUCTS_API_KEY).toBe('storefront-k2');
    expect(envOf('products').API_KEYS).toBe('cart:cart-k1,storefront:storefront-k2,dev:testToken');
  });

  it('makes new, distinct keys on each start', () => {
    const [a, b] = [newStackProductsKeys(), newStackProductsKeys()];
    expect(a.cart).not.toBe(a.storefront);
    expect(a.cart).not.toBe(b.cart);
    expect(a.cart).toMatch(/^cart-[0-9a-f]{32}$/);
  });
});
