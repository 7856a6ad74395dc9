import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addItem } from '../../src/app/add-item.ts';
import { checkout } from '../../src/app/checkout.ts';
import { listCart } from '../../src/app/list-cart.ts';
import { checkoutKey } from '../../src/domain/cart.ts';
import { EmptyCartError, OrderRefusedError } from '../../src/domain/errors.ts';
import { type CartTestDb, createCartTestDb } from '../support/cart-test-db.ts';

let t: CartTestDb;
let nextUser = 100n;
const newUser = () => ++nextUser;
const signal = () => AbortSignal.timeout(10_000);

const BOOK = 1076963n;
const DRESS = 139275865n;
const GONE = 2956315n;

beforeAll(async () => {
  t = await createCartTestDb(
    [
      { sku: BOOK, name: 'Теория нравственных чувств', price: 3379 },
      { sku: DRESS, name: 'Платье oodji Collection', price: 634 },
      { sku: GONE, name: 'Wireless optical mouse', price: 990 },
    ],
    [
      [BOOK, 100],
      [DRESS, 100],
      [GONE, 100],
    ],
  );
});
afterAll(() => t?.close());

const add = (userId: bigint, sku: bigint, count: number) => addItem(t.deps, { userId, sku, count }, signal());

describe('listCart', () => {
  it('lists items by sku with today’s names and prices and their total', async () => {
    const user = newUser();
    await add(user, DRESS, 1);
    await add(user, BOOK, 2);
    expect(await listCart(t.deps, user, signal())).toEqual({
      items: [
        { sku: BOOK, name: 'Теория нравственных чувств', count: 2, price: 3379 },
        { sku: DRESS, name: 'Платье oodji Collection', count: 1, price: 634 },
      ],
      totalPrice: 7392n,
    });
  });

  it('asks the catalogue for every sku in one lookup', async () => {
    const user = newUser();
    await add(user, DRESS, 1);
    await add(user, BOOK, 1);
    t.catalog.lookups.length = 0;
    await listCart(t.deps, user, signal());
    expect(t.catalog.lookups.map((l) => l.skus)).toEqual([[BOOK, DRESS]]);
  });

  it('fails with EmptyCartError for a user without a cart and for an emptied cart', async () => {
    const user = newUser();
    await expect(listCart(t.deps, user, signal())).rejects.toThrow(EmptyCartError);
    await add(user, BOOK, 1);
    await checkout(t.deps, user, signal());
    await expect(listCart(t.deps, user, signal())).rejects.toThrow(`cart of user ${user} is empty`);
  });

  it('shows no item whose product was deleted after it was added', async () => {
    const user = newUser();
    await add(user, GONE, 1);
    await add(user, BOOK, 1);
    t.catalog.remove(GONE);
    try {
      const cart = await listCart(t.deps, user, signal());
      expect(cart.items.map((i) => i.sku)).toEqual([BOOK]);
      expect(cart.totalPrice).toBe(3379n);
    } finally {
      t.catalog.put({ sku: GONE, name: 'Wireless optical mouse', price: 990 });
    }
  });
});

describe('checkout', () => {
  it('orders only the items products still sells, and empties the cart of the others too', async () => {
    const user = newUser();
    await add(user, GONE, 2);
    await add(user, BOOK, 1);
    t.catalog.remove(GONE);
    try {
      const orderId = await checkout(t.deps, user, signal());
      expect(t.orders.orders.at(-1)).toMatchObject({ orderId, items: [{ sku: BOOK, count: 1 }] });
      expect((await t.cart(user))?.items).toEqual([]);
    } finally {
      t.catalog.put({ sku: GONE, name: 'Wireless optical mouse', price: 990 });
    }
  });

  it('orders nothing from a cart whose every product is gone: it is empty, as GET answers', async () => {
    const user = newUser();
    await add(user, GONE, 1);
    t.catalog.remove(GONE);
    try {
      const orders = t.orders.orders.length;
      await expect(checkout(t.deps, user, signal())).rejects.toThrow(EmptyCartError);
      await expect(listCart(t.deps, user, signal())).rejects.toThrow(EmptyCartError);
      expect(t.orders.orders).toHaveLength(orders);
    } finally {
      t.catalog.put({ sku: GONE, name: 'Wireless optical mouse', price: 990 });
    }
  });

  it('orders the cart’s items under a key of its revision, then empties the cart', async () => {
    const user = newUser();
    await add(user, DRESS, 3);
    await add(user, BOOK, 2);
    const cart = await t.cart(user);
    const orderId = await checkout(t.deps, user, signal());
    expect(t.orders.orders.at(-1)).toEqual({
      orderId,
      userId: user,
      items: [
        { sku: BOOK, count: 2 },
        { sku: DRESS, count: 3 },
      ],
      idempotencyKey: checkoutKey(cart!),
    });
    expect((await t.cart(user))?.items).toEqual([]);
  });

  it('sends the same key when the checkout of an unchanged cart is repeated', async () => {
    const user = newUser();
    await add(user, BOOK, 1);
    // The first answer is lost: LOMS made the order, but the cart was not emptied.
    const key = checkoutKey((await t.cart(user))!);
    const lost = await t.deps.orders.createOrder(
      { userId: user, items: [{ sku: BOOK, count: 1 }], idempotencyKey: key },
      signal(),
    );
    const orders = t.orders.orders.length;
    expect(await checkout(t.deps, user, signal())).toBe(lost);
    expect(t.orders.orders.length).toBe(orders);
  });

  it('fails with EmptyCartError and orders nothing for an empty cart', async () => {
    const orders = t.orders.orders.length;
    await expect(checkout(t.deps, newUser(), signal())).rejects.toThrow(EmptyCartError);
    expect(t.orders.orders.length).toBe(orders);
  });

  it('keeps the cart when LOMS refuses, and tries a new key next time', async () => {
    const user = newUser();
    await add(user, BOOK, 1);
    const before = (await t.cart(user))!;
    t.orders.refuseWith = 'not enough stock for sku 1076963';
    try {
      await expect(checkout(t.deps, user, signal())).rejects.toThrow(OrderRefusedError);
    } finally {
      t.orders.refuseWith = undefined;
    }
    const after = (await t.cart(user))!;
    expect(after.items).toEqual(before.items);
    expect(checkoutKey(after)).not.toBe(checkoutKey(before));
    await checkout(t.deps, user, signal());
    expect(t.orders.orders.at(-1)?.idempotencyKey).toBe(checkoutKey(after));
  });
});
