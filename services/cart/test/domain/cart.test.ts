import { describe, expect, it } from 'vitest';
import { checkoutKey, MAX_ITEM_COUNT, type Product, priceCart } from '../../src/domain/cart.ts';

const product = (sku: number, price: number, name = `product ${sku}`): Product => ({
  sku: BigInt(sku),
  name,
  price,
});
const catalog = (...products: Product[]) => new Map(products.map((p) => [p.sku, p]));

describe('priceCart', () => {
  it('lists items in sku order with names and prices, and totals count x price', () => {
    const priced = priceCart(
      [
        { sku: 1148162n, count: 1 },
        { sku: 1076963n, count: 2 },
      ],
      catalog(product(1076963, 3379, 'Теория нравственных чувств'), product(1148162, 634)),
    );
    expect(priced).toEqual({
      items: [
        { sku: 1076963n, name: 'Теория нравственных чувств', count: 2, price: 3379 },
        { sku: 1148162n, name: 'product 1148162', count: 1, price: 634 },
      ],
      totalPrice: 7392n,
    });
  });

  it('leaves out items whose product is gone, from the list and from the total', () => {
    const priced = priceCart(
      [
        { sku: 1n, count: 3 },
        { sku: 2n, count: 5 },
      ],
      catalog(product(2, 10)),
    );
    expect(priced).toEqual({ items: [{ sku: 2n, name: 'product 2', count: 5, price: 10 }], totalPrice: 50n });
  });

  it('totals exactly beyond 2^53', () => {
    const priced = priceCart([{ sku: 1n, count: MAX_ITEM_COUNT }], catalog(product(1, MAX_ITEM_COUNT)));
    expect(priced.totalPrice).toBe(BigInt(MAX_ITEM_COUNT) * BigInt(MAX_ITEM_COUNT));
  });

  it('prices an empty cart at zero', () => {
    expect(priceCart([], catalog())).toEqual({ items: [], totalPrice: 0n });
  });
});

describe('checkoutKey', () => {
  const cart = { userId: 7n, cartId: '0b8a4f5e-1d2c-4e3b-9a8f-7c6d5e4f3a2b', revision: 3n };

  it('is the same for the same content of the same cart', () => {
    expect(checkoutKey(cart)).toBe(checkoutKey({ ...cart }));
  });

  it('changes with the revision and with the cart', () => {
    expect(checkoutKey({ ...cart, revision: 4n })).not.toBe(checkoutKey(cart));
    expect(checkoutKey({ ...cart, cartId: 'another' })).not.toBe(checkoutKey(cart));
    expect(checkoutKey({ ...cart, userId: 8n })).not.toBe(checkoutKey(cart));
  });

  it('fits the 255 characters LOMS accepts', () => {
    expect(checkoutKey({ ...cart, userId: 2n ** 63n - 1n, revision: 2n ** 63n - 1n }).length).toBeLessThan(
      255,
    );
  });
});
