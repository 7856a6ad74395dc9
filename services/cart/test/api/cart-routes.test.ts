import { Code, ConnectError } from '@connectrpc/connect';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ITEM_COUNT } from '../../src/domain/cart.ts';
import {
  type FakeLoms,
  type FakeProducts,
  startFakeLoms,
  startFakeProducts,
} from '../support/fake-services.ts';
import { startTestCart, type TestCart } from '../support/test-cart.ts';

const BOOK = 1076963;
const DRESS = 139275865;
const SCARCE = 1148162;
const HUGE = 2618151;
const UNKNOWN = 404;

let products: FakeProducts;
let loms: FakeLoms;
let cart: TestCart;
let nextUser = 0;
const newUser = () => ++nextUser;

beforeAll(async () => {
  products = await startFakeProducts([
    { sku: BigInt(BOOK), name: 'Теория нравственных чувств | Смит Адам', price: 3379 },
    { sku: BigInt(DRESS), name: 'Платье oodji Collection', price: 634 },
    { sku: BigInt(SCARCE), name: 'Ceramic pour-over coffee dripper', price: 1290 },
    { sku: BigInt(HUGE), name: 'Stainless steel water bottle 750 ml', price: MAX_ITEM_COUNT },
  ]);
  loms = await startFakeLoms([
    [BigInt(BOOK), 265],
    [BigInt(DRESS), 65534],
    [BigInt(SCARCE), 3],
    [BigInt(HUGE), MAX_ITEM_COUNT],
    // Stocked but not in the catalogue: only the product check refuses it, whichever answers first.
    [BigInt(UNKNOWN), 10],
  ]);
  cart = await startTestCart({ products: products.address, loms: loms.address });
});
beforeEach(() => {
  products.script.reset();
  loms.script.reset();
});
afterAll(async () => {
  await cart?.stop();
  await products?.close();
  await loms?.close();
});

describe('POST /user/{user_id}/cart/{sku}', () => {
  it('answers 200 {} and adds up counts of the same sku', async () => {
    const user = newUser();
    expect(await cart.add(user, BOOK, 1)).toMatchObject({ status: 200, text: '{}' });
    expect((await cart.add(user, BOOK, 2)).status).toBe(200);
    expect((await cart.list(user)).body.items).toEqual([
      { sku: BOOK, name: 'Теория нравственных чувств | Смит Адам', count: 3, price: 3379 },
    ]);
  });

  it('answers 412 for a sku unknown to products', async () => {
    const answer = await cart.add(newUser(), UNKNOWN, 1);
    expect(answer.status).toBe(412);
    expect(answer.body).toEqual({ code: 9, message: 'sku 404 is not in the product catalogue', details: [] });
  });

  it('answers 412 for a count above the available stock and accepts a count equal to it', async () => {
    const user = newUser();
    const above = await cart.add(user, SCARCE, 4);
    expect(above.status).toBe(412);
    expect(above.body.message).toBe(`not enough stock for sku ${SCARCE}: 4 requested, 3 available`);
    expect((await cart.add(user, SCARCE, 3)).status).toBe(200);
  });

  it('never changes the stock in LOMS', async () => {
    await cart.add(newUser(), SCARCE, 3);
    expect(loms.available.get(BigInt(SCARCE))).toBe(3);
    expect(loms.script.calls.map((c) => c.method)).toEqual(['StocksInfo']);
  });

  it('answers 412 when the sum for one sku would pass 2^32 - 1', async () => {
    const user = newUser();
    await cart.add(user, HUGE, MAX_ITEM_COUNT);
    const answer = await cart.add(user, HUGE, 1);
    expect(answer.status).toBe(412);
    expect(answer.body.message).toMatch(/more than 4294967295/);
  });
});

describe('GET /user/{user_id}/cart', () => {
  it('lists items by sku with names and prices from products and total_price', async () => {
    const user = newUser();
    await cart.add(user, DRESS, 1);
    await cart.add(user, BOOK, 2);
    const answer = await cart.list(user);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      items: [
        { sku: BOOK, name: 'Теория нравственных чувств | Смит Адам', count: 2, price: 3379 },
        { sku: DRESS, name: 'Платье oodji Collection', count: 1, price: 634 },
      ],
      total_price: 7392,
    });
  });

  it('reads names and prices at read time', async () => {
    const user = newUser();
    await cart.add(user, DRESS, 2);
    products.catalog.set(BigInt(DRESS), { sku: BigInt(DRESS), name: 'Платье (new season)', price: 700 });
    try {
      expect((await cart.list(user)).body).toEqual({
        items: [{ sku: DRESS, name: 'Платье (new season)', count: 2, price: 700 }],
        total_price: 1400,
      });
    } finally {
      products.catalog.set(BigInt(DRESS), {
        sku: BigInt(DRESS),
        name: 'Платье oodji Collection',
        price: 634,
      });
    }
  });

  it('writes a total_price beyond 2^53 exactly', async () => {
    const user = newUser();
    await cart.add(user, HUGE, MAX_ITEM_COUNT);
    const answer = await cart.list(user);
    expect(answer.text).toContain(`"total_price":${BigInt(MAX_ITEM_COUNT) ** 2n}`);
  });

  it('answers 404 for a user without a cart and for an emptied cart', async () => {
    const user = newUser();
    expect(await cart.list(user)).toMatchObject({ status: 404, body: { code: 5, details: [] } });
    await cart.add(user, BOOK, 1);
    await cart.remove(user, BOOK);
    expect((await cart.list(user)).body).toEqual({
      code: 5,
      message: `cart of user ${user} is empty`,
      details: [],
    });
  });

  it('asks products once for a cart of 20 skus', async () => {
    const user = newUser();
    for (let i = 0; i < 20; i++)
      products.catalog.set(BigInt(9000 + i), { sku: BigInt(9000 + i), name: `n${i}`, price: 1 });
    for (let i = 0; i < 20; i++) loms.available.set(BigInt(9000 + i), 1);
    for (let i = 0; i < 20; i++) expect((await cart.add(user, 9000 + i, 1)).status).toBe(200);
    products.script.reset();
    const answer = await cart.list(user);
    expect(answer.body.items).toHaveLength(20);
    expect(answer.body.total_price).toBe(20);
    expect(products.script.calls.map((c) => c.method)).toEqual(['BatchGetProducts']);
  });
});

describe('DELETE routes', () => {
  it('removes one sku with 204, also when it is not in the cart', async () => {
    const user = newUser();
    await cart.add(user, BOOK, 1);
    await cart.add(user, DRESS, 1);
    expect(await cart.remove(user, BOOK)).toMatchObject({ status: 204, text: '' });
    expect(await cart.remove(user, BOOK)).toMatchObject({ status: 204, text: '' });
    expect((await cart.list(user)).body.items.map((i: { sku: number }) => i.sku)).toEqual([DRESS]);
  });

  it('empties the cart with 204, also when there is no cart', async () => {
    const user = newUser();
    await cart.add(user, BOOK, 1);
    expect((await cart.clear(user)).status).toBe(204);
    expect((await cart.list(user)).status).toBe(404);
    expect((await cart.clear(newUser())).status).toBe(204);
  });
});

describe('POST /checkout/{user_id}', () => {
  it('answers 200 {"order_id"} once LOMS made the order with the cart’s items, then empties the cart', async () => {
    const user = newUser();
    await cart.add(user, DRESS, 2);
    await cart.add(user, BOOK, 1);
    const answer = await cart.checkout(user);
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(['order_id']);
    expect(loms.orders.at(-1)).toMatchObject({
      orderId: BigInt(answer.body.order_id),
      userId: BigInt(user),
      items: [
        { sku: BigInt(BOOK), count: 1 },
        { sku: BigInt(DRESS), count: 2 },
      ],
    });
    expect((await cart.list(user)).status).toBe(404);
  });

  it('answers 404 for an empty cart and orders nothing', async () => {
    const orders = loms.orders.length;
    expect(await cart.checkout(newUser())).toMatchObject({ status: 404, body: { code: 5 } });
    expect(loms.orders.length).toBe(orders);
  });

  it('answers 403 when LOMS refuses the user (a suspended account), and keeps the cart', async () => {
    const user = newUser();
    await cart.add(user, BOOK, 1);
    loms.script.failures.push(
      new ConnectError(`user ${user} may not place orders: the account is not active`, Code.PermissionDenied),
    );
    const refused = await cart.checkout(user);
    expect([refused.status, refused.body]).toEqual([
      403,
      {
        code: 7,
        message: `order refused: user ${user} may not place orders: the account is not active`,
        details: [],
      },
    ]);
    expect((await cart.list(user)).body.items).toHaveLength(1);
  });

  it('answers 412 when LOMS refuses the order for stock, and keeps the cart', async () => {
    const user = newUser();
    await cart.add(user, SCARCE, 3);
    const other = newUser();
    await cart.add(other, SCARCE, 3);
    expect((await cart.checkout(other)).status).toBe(200);
    const refused = await cart.checkout(user);
    expect(refused.status).toBe(412);
    expect(refused.body).toEqual({
      code: 9,
      message: `order refused: not enough stock for sku ${SCARCE}`,
      details: [],
    });
    expect((await cart.list(user)).body.items).toHaveLength(1);
  });
});
