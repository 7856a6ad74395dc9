import { randomBytes } from 'node:crypto';
import { parseJson } from '@marketplace/platform';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ITEM_COUNT } from '../../src/domain/cart.ts';
import {
  type FakeLoms,
  type FakeProducts,
  startFakeLoms,
  startFakeProducts,
} from '../support/fake-services.ts';
import { startTestCart, type TestCart } from '../support/test-cart.ts';

/** 2^53 + 1: the first integer a double cannot hold (it reads as 2^53). */
const ABOVE_2_53 = 9007199254740993n;
const INT64_MAX = 9223372036854775807n;
const BIG_IDS = [ABOVE_2_53, INT64_MAX] as const;
/** A sku whose price and stock are small, with an id a double would round. */
const OTHER_SKU = 9007199254740995n;

let products: FakeProducts;
let loms: FakeLoms;
let cart: TestCart;

/** Puts a sku in the fake catalogue and stocks it in the fake LOMS. */
const stock = (sku: bigint, price = 7, count = 1000) => {
  products.catalog.set(sku, { sku, name: `product ${sku}`, price });
  loms.available.set(sku, count);
};

beforeAll(async () => {
  products = await startFakeProducts([]);
  loms = await startFakeLoms([]);
  // The property test makes 400 products calls: the client-side limit towards products is lifted.
  cart = await startTestCart(
    { products: products.address, loms: loms.address },
    { PRODUCTS_RATE_LIMIT: '100000', PRODUCTS_RATE_BURST: '100000' },
  );
  for (const sku of [...BIG_IDS, OTHER_SKU]) stock(sku);
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

describe.each(BIG_IDS)('user_id and sku %s, beyond 2^53', (id) => {
  // Each case has its own user: the id itself, and one below it for the cases that need a second.
  const user = id;

  it('adds, and GET writes the exact sku back as a JSON number', async () => {
    expect(await cart.add(user, id, 2)).toMatchObject({ status: 200, text: '{}' });
    const answer = await cart.list(user);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(
      `{"items":[{"sku":${id},"name":"product ${id}","count":2,"price":7}],"total_price":14}`,
    );
    // The products and LOMS services were asked about this very sku.
    expect(products.script.calls.every((c) => c.skus.every((sku) => sku === id))).toBe(true);
    // The neighbour a double would round to is another user with another cart.
    expect((await cart.list(user - 1n)).status).toBe(404);
    await cart.clear(user);
  });

  it('asks LOMS for the stock of the exact sku when adding', async () => {
    await cart.add(user, id, 1);
    expect(loms.script.calls).toMatchObject([{ method: 'StocksInfo', skus: [id] }]);
    await cart.clear(user);
  });

  it('deletes the exact sku and keeps its neighbour', async () => {
    const neighbour = id - 2n;
    stock(neighbour);
    await cart.add(user, id, 1);
    await cart.add(user, neighbour, 3);
    expect((await cart.remove(user, id)).status).toBe(204);
    const answer = await cart.list(user);
    expect(answer.text).toContain(`"items":[{"sku":${neighbour},`);
    expect(answer.text).not.toContain(`"sku":${id},`);
    expect((await cart.remove(user, neighbour)).status).toBe(204);
    expect((await cart.list(user)).status).toBe(404);
  });

  it('clears the exact user’s cart and no other', async () => {
    const neighbour = user - 2n;
    await cart.add(user, id, 1);
    await cart.add(neighbour, id, 1);
    expect((await cart.clear(user)).status).toBe(204);
    expect((await cart.list(user)).status).toBe(404);
    expect((await cart.list(neighbour)).text).toContain(`"sku":${id},`);
    await cart.clear(neighbour);
  });

  it('checks out with the exact user id and skus, and answers an order id beyond 2^53 exactly', async () => {
    await cart.add(user, id, 2);
    await cart.add(user, OTHER_SKU, 1);
    loms.ids.next = INT64_MAX - 1n;
    const answer = await cart.checkout(user);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(`{"order_id":${INT64_MAX - 1n}}`);
    expect(loms.orders.at(-1)).toEqual({
      orderId: INT64_MAX - 1n,
      userId: user,
      items: [
        ...[
          { sku: OTHER_SKU, count: 1 },
          { sku: id, count: 2 },
        ].sort((a, b) => (a.sku < b.sku ? -1 : 1)),
      ],
      key: expect.stringMatching(new RegExp(`^cart-checkout:${user}:`)),
    });
    expect((await cart.list(user)).status).toBe(404);
  });

  it('answers 412, never 500, when the merged count would pass 2^32 - 1, and keeps the count', async () => {
    loms.available.set(id, MAX_ITEM_COUNT);
    try {
      expect((await cart.add(user, id, MAX_ITEM_COUNT - 1)).status).toBe(200);
      expect((await cart.add(user, id, 1)).status).toBe(200);
      const over = await cart.add(user, id, 1);
      expect(over.status).toBe(412);
      expect(over.body).toEqual({
        code: 9,
        message: `sku ${id} cannot be added: the cart would hold more than 4294967295 of it`,
        details: [],
      });
      const overMax = await cart.add(user, id, MAX_ITEM_COUNT);
      expect(overMax.status).toBe(412);
      const list = await cart.list(user);
      expect(list.text).toContain(`{"sku":${id},"name":"product ${id}","count":${MAX_ITEM_COUNT},"price":7}`);
      // 4294967295 x 7 is above 2^32 and summed exactly.
      expect(list.text).toContain(`"total_price":${BigInt(MAX_ITEM_COUNT) * 7n}`);
    } finally {
      loms.available.set(id, 1000);
      await cart.clear(user);
    }
  });
});

describe('int64 path ids at the edges of the range', () => {
  it('accepts 1 and 9223372036854775807, also with leading zeros, and reads them by value', async () => {
    stock(1n);
    expect((await cart.add(1, 1, 1)).status).toBe(200);
    expect((await cart.add(`0${INT64_MAX}`, `00${INT64_MAX}`, 1)).status).toBe(200);
    expect((await cart.list(INT64_MAX)).text).toContain(`"sku":${INT64_MAX},`);
    await cart.clear(1);
    await cart.clear(INT64_MAX);
  });

  it.each([
    ['0', 'greater than 0'],
    ['-1', 'greater than 0'],
    ['9223372036854775808', 'less than or equal to 9223372036854775807'],
    ['abc', 'an integer'],
  ])('answers 400 naming the field for %s, on every route', async (bad, rule) => {
    const asUser = [
      await cart.list(bad),
      await cart.clear(bad),
      await cart.checkout(bad),
      await cart.remove(bad, INT64_MAX),
      await cart.add(bad, INT64_MAX, 1),
    ];
    for (const answer of asUser)
      expect(answer).toMatchObject({
        status: 400,
        body: { code: 3, message: `invalid user_id: value must be ${rule}`, details: [] },
      });
    for (const answer of [await cart.remove(INT64_MAX, bad), await cart.add(INT64_MAX, bad, 1)])
      expect(answer).toMatchObject({
        status: 400,
        body: { code: 3, message: `invalid sku: value must be ${rule}`, details: [] },
      });
  });

  it('answers 400 in the error format for a path segment longer than any int64, and bad escapes', async () => {
    for (const [method, path] of [
      ['GET', `/user/${'1'.repeat(100)}/cart`],
      ['DELETE', `/user/1/cart/${'9'.repeat(70)}`],
    ] as const) {
      const answer = await cart.request(method, path, undefined, { 'x-request-id': 'long-path' });
      expect(answer).toMatchObject({
        status: 400,
        body: { code: 3, message: 'invalid path: a path segment is longer than any id can be', details: [] },
      });
      expect(answer.headers.get('x-request-id')).toBe('long-path');
    }
    expect(await cart.request('GET', '/user/%zz/cart')).toMatchObject({
      status: 400,
      body: { code: 3, message: 'invalid path: not a valid URL component', details: [] },
    });
  });
});

/** A random int63 in 1..2^63-1, as Go's rand.Int63() gives (0 is moved to 1). */
const randomInt63 = () => {
  const value = randomBytes(8).readBigUInt64BE() & INT64_MAX;
  return value === 0n ? 1n : value;
};

describe('property: any int63 user id and sku round-trip exactly', () => {
  it('adds then reads back 200 random pairs', async () => {
    const pairs = Array.from({ length: 200 }, () => ({ user: randomInt63(), sku: randomInt63() }));
    for (const { sku } of pairs) stock(sku, 3);
    for (const { user, sku } of pairs) {
      const context = `user ${user}, sku ${sku}`;
      expect((await cart.add(user, sku, 1)).status, context).toBe(200);
      const answer = await cart.list(user);
      expect(answer.status, context).toBe(200);
      expect(answer.text, context).toContain(`"sku":${sku},`);
      const items = (parseJson(answer.text) as { items: Array<{ sku: unknown }> }).items;
      expect(
        items.map((item) => BigInt(item.sku as string | number)),
        context,
      ).toEqual([sku]);
    }
    // Every user's cart still holds exactly its own sku.
    for (const { user } of pairs) await cart.clear(user);
  });
});
