import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutKey } from '../../src/domain/cart.ts';
import { type Dependencies, startDependencies } from '../support/dependencies.ts';
import { dependencyHttp, stockedProduct } from '../support/dependency-http.ts';
import { startTestCart, type TestCart } from '../support/test-cart.ts';

// Seeded by the real services from fixtures/: names and prices from catalog.json, stock from stock-data.json.
const BOOK = { sku: 1076963, name: 'Теория нравственных чувств | Смит Адам', price: 3379 };
const DRESS = { sku: 139275865, name: 'Платье oodji Collection', price: 634 };
const LIMITED = { sku: 135717466, available: 80 };
const SOLD_OUT = 139819069;

let deps: Dependencies;
let cart: TestCart;
const api = dependencyHttp(() => deps);
let nextUser = 1000;
const newUser = () => ++nextUser;
let nextSku = 7_000_000;
const newSku = () => ++nextSku;

beforeAll(async () => {
  deps = await startDependencies();
  cart = await startTestCart(deps.addresses);
}, 240_000);
afterAll(async () => {
  await cart?.stop();
  await deps?.stop();
});

describe('cart contract against the real products and LOMS', () => {
  it('adds items, adding up counts of one sku, and lists them by sku with names, prices and total', async () => {
    const user = newUser();
    expect(await cart.add(user, DRESS.sku, 1)).toMatchObject({ status: 200, body: {} });
    expect((await cart.add(user, BOOK.sku, 1)).status).toBe(200);
    expect((await cart.add(user, BOOK.sku, 1)).status).toBe(200);
    expect(await cart.list(user)).toMatchObject({
      status: 200,
      body: {
        items: [
          { ...BOOK, count: 2 },
          { ...DRESS, count: 1 },
        ],
        total_price: 2 * BOOK.price + DRESS.price,
      },
    });
  });

  it('answers 412 for a sku products does not know', async () => {
    const answer = await cart.add(newUser(), 404_404, 1);
    expect(answer).toMatchObject({ status: 412, body: { code: 9, details: [] } });
    expect(answer.body.message).toContain('404404');
  });

  it('accepts a count equal to LOMS StocksInfo and answers 412 above it, without touching stock', async () => {
    const user = newUser();
    expect((await cart.add(user, LIMITED.sku, LIMITED.available + 1)).status).toBe(412);
    expect((await cart.add(user, SOLD_OUT, 1)).status).toBe(412);
    expect((await cart.add(user, LIMITED.sku, LIMITED.available)).status).toBe(200);
    expect(await api.stock(LIMITED.sku)).toBe(LIMITED.available);
  });

  it('answers 400 for bad ids and counts', async () => {
    for (const answer of [
      await cart.add(0, BOOK.sku, 1),
      await cart.add(1, -1, 1),
      await cart.add(1, BOOK.sku, 0),
      await cart.add(1, BOOK.sku, 4294967296),
      await cart.request('POST', `/user/1/cart/${BOOK.sku}`, 'not json'),
      await cart.list('abc'),
      await cart.remove(1, 0),
      await cart.clear(-1),
      await cart.checkout('99999999999999999999'),
    ]) {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 3, details: [] });
      expect(answer.body.message).toMatch(/^invalid (user_id|sku|count|body)/);
    }
  });

  it('answers 404 for an empty or absent cart', async () => {
    const user = newUser();
    expect((await cart.list(user)).status).toBe(404);
    await cart.add(user, BOOK.sku, 1);
    await cart.clear(user);
    expect(await cart.list(user)).toMatchObject({ status: 404, body: { code: 5 } });
  });

  it('deletes one sku with 204, also an absent one, and clears the cart with 204', async () => {
    const user = newUser();
    await cart.add(user, BOOK.sku, 1);
    await cart.add(user, DRESS.sku, 1);
    expect((await cart.remove(user, BOOK.sku)).status).toBe(204);
    expect((await cart.remove(user, BOOK.sku)).status).toBe(204);
    expect((await cart.list(user)).body.items).toEqual([{ ...DRESS, count: 1 }]);
    expect((await cart.clear(user)).status).toBe(204);
    expect((await cart.clear(user)).status).toBe(204);
  });

  it('no longer shows an item whose product was deleted', async () => {
    const user = newUser();
    const gone = await stockedProduct(api, newSku(), 10, 500);
    await cart.add(user, gone, 1);
    await cart.add(user, BOOK.sku, 1);
    await api.deleteProduct(gone);
    expect((await cart.list(user)).body).toEqual({ items: [{ ...BOOK, count: 1 }], total_price: BOOK.price });
  });
});

describe('checkout against the real LOMS', () => {
  it('creates the order in LOMS with the cart’s items, empties the cart, and the order can be paid', async () => {
    const user = newUser();
    const [a, b] = [await stockedProduct(api, newSku(), 10), await stockedProduct(api, newSku(), 10)];
    await cart.add(user, b, 3);
    await cart.add(user, a, 2);
    const answer = await cart.checkout(user);
    expect(answer.status).toBe(200);
    const orderId = answer.body.order_id;
    expect(typeof orderId).toBe('number');
    expect(await api.orderInfo(orderId)).toEqual({
      status: 'awaiting payment',
      userId: String(user),
      items: [
        { sku: String(a), count: 2 },
        { sku: String(b), count: 3 },
      ],
    });
    expect(await api.stock(a)).toBe(8);
    expect((await cart.list(user)).status).toBe(404);
    await api.payOrder(orderId);
    expect((await api.orderInfo(orderId)).status).toBe('paid');
  });

  it('makes one order when the checkout of an unchanged cart is retried after a lost answer', async () => {
    const user = newUser();
    const sku = await stockedProduct(api, newSku(), 10);
    await cart.add(user, sku, 4);
    // An earlier attempt reached LOMS with the cart's key, but its answer never came back.
    const stored = await cart.cart.deps.store.repos.carts.find(BigInt(user));
    const lost = await api.createOrder(user, [{ sku, count: 4 }], checkoutKey(stored!));
    const retried = await cart.checkout(user);
    expect(retried).toMatchObject({ status: 200, body: { order_id: Number(lost.orderId) } });
    expect(await api.stock(sku)).toBe(6);
    expect((await cart.list(user)).status).toBe(404);
  });

  it('makes one order for concurrent checkouts of one cart', async () => {
    const user = newUser();
    const sku = await stockedProduct(api, newSku(), 10);
    await cart.add(user, sku, 4);
    const answers = await Promise.all([cart.checkout(user), cart.checkout(user), cart.checkout(user)]);
    const orders = new Set(answers.filter((a) => a.status === 200).map((a) => a.body.order_id));
    expect(orders.size).toBe(1);
    // A checkout that read the cart after another emptied it finds nothing to order.
    expect(answers.every((a) => a.status === 200 || a.status === 404)).toBe(true);
    expect(await api.stock(sku)).toBe(6);
  });

  it('answers 412 when LOMS refuses the order for stock, and keeps the cart', async () => {
    const user = newUser();
    const sku = await stockedProduct(api, newSku(), 5);
    await cart.add(user, sku, 5);
    await api.setStock(sku, 4);
    const answer = await cart.checkout(user);
    expect(answer).toMatchObject({ status: 412, body: { code: 9, details: [] } });
    expect(answer.body.message).toMatch(/^order refused: /);
    expect((await cart.list(user)).body.items).toHaveLength(1);
    await api.setStock(sku, 5);
    expect((await cart.checkout(user)).status).toBe(200);
  });

  it('answers 404 for an empty cart', async () => {
    expect(await cart.checkout(newUser())).toMatchObject({ status: 404, body: { code: 5 } });
  });
});

describe('ids beyond 2^53 through the real products and LOMS', () => {
  it.each([
    [9007199254740993n, 9007199254740995n],
    [9223372036854775807n, 9223372036854775806n],
  ])('adds, lists, deletes and checks out user %s with its exact skus', async (user, sku) => {
    const other = sku - 2n;
    await stockedProduct(api, sku, 10, 250);
    await stockedProduct(api, other, 10, 40);
    expect((await cart.add(user, sku, 2)).status).toBe(200);
    expect((await cart.add(user, other, 1)).status).toBe(200);
    const listed = await cart.list(user);
    expect(listed.text).toBe(
      `{"items":[{"sku":${other},"name":"test product ${other}","count":1,"price":40},` +
        `{"sku":${sku},"name":"test product ${sku}","count":2,"price":250}],"total_price":540}`,
    );
    expect((await cart.remove(user, other)).status).toBe(204);
    const answer = await cart.checkout(user);
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/^\{"order_id":\d+\}$/);
    const orderId = answer.text.slice('{"order_id":'.length, -1);
    expect(await api.orderInfo(orderId)).toEqual({
      status: 'awaiting payment',
      userId: String(user),
      items: [{ sku: String(sku), count: 2 }],
    });
    expect(await api.stock(sku)).toBe(8);
    expect((await cart.list(user)).status).toBe(404);
  });
});

describe('concurrency', () => {
  it('keeps all of 11 concurrent adds for one user', async () => {
    const user = newUser();
    const skus = await Promise.all(Array.from({ length: 11 }, () => stockedProduct(api, newSku(), 100)));
    const answers = await Promise.all(skus.map((sku) => cart.add(user, sku, 10)));
    expect(answers.map((a) => a.status)).toEqual(Array(11).fill(200));
    const { body } = await cart.list(user);
    expect(body.items.map((i: { sku: number; count: number }) => [i.sku, i.count])).toEqual(
      skus.map((sku) => [sku, 10]),
    );
    expect(body.total_price).toBe(11 * 10 * 100);
  });
});
