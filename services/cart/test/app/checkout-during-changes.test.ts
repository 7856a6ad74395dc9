import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addItem } from '../../src/app/add-item.ts';
import { checkout } from '../../src/app/checkout.ts';
import { clearCart } from '../../src/app/clear-cart.ts';
import { removeItem } from '../../src/app/remove-item.ts';
import { checkoutKey } from '../../src/domain/cart.ts';
import { type CartTestDb, createCartTestDb } from '../support/cart-test-db.ts';

let t: CartTestDb;
let nextUser = 500n;
const newUser = () => ++nextUser;
const signal = () => AbortSignal.timeout(10_000);

const BOOK = 1076963n;
const DRESS = 139275865n;
const MOUSE = 2956315n;

beforeAll(async () => {
  t = await createCartTestDb(
    [
      { sku: BOOK, name: 'Теория нравственных чувств', price: 3379 },
      { sku: DRESS, name: 'Платье oodji Collection', price: 634 },
      { sku: MOUSE, name: 'Wireless optical mouse', price: 990 },
    ],
    [
      [BOOK, 1000],
      [DRESS, 1000],
      [MOUSE, 1000],
    ],
  );
});
afterAll(() => t?.close());

const add = (userId: bigint, sku: bigint, count: number) => addItem(t.deps, { userId, sku, count }, signal());
const items = async (userId: bigint) => (await t.cart(userId))?.items ?? [];

/** Checks out while `meanwhile` changes the cart after LOMS made the order and before it answers. */
async function checkoutWhile(userId: bigint, meanwhile: () => Promise<unknown>): Promise<bigint> {
  t.orders.beforeAnswer = async () => {
    t.orders.beforeAnswer = async () => {};
    await meanwhile();
  };
  try {
    return await checkout(t.deps, userId, signal());
  } finally {
    t.orders.beforeAnswer = async () => {};
  }
}

describe('checkout while the cart changes', () => {
  it('removes the ordered items and keeps an item added while LOMS made the order', async () => {
    const user = newUser();
    await add(user, BOOK, 1);
    const orderId = await checkoutWhile(user, () => add(user, DRESS, 1));
    expect(t.orders.orders.at(-1)).toMatchObject({ orderId, items: [{ sku: BOOK, count: 1 }] });
    expect(await items(user)).toEqual([{ sku: DRESS, count: 1 }]);
  });

  it('keeps the count added to an ordered sku meanwhile, and only that', async () => {
    const user = newUser();
    await add(user, BOOK, 2);
    await add(user, MOUSE, 4);
    await checkoutWhile(user, async () => {
      await add(user, BOOK, 3);
      await add(user, MOUSE, 1);
    });
    expect(await items(user)).toEqual([
      { sku: BOOK, count: 3 },
      { sku: MOUSE, count: 1 },
    ]);
  });

  it('never orders the same items twice: the next checkout orders only what was added meanwhile', async () => {
    const user = newUser();
    await add(user, BOOK, 2);
    await checkoutWhile(user, () => add(user, DRESS, 1));
    const second = await checkout(t.deps, user, signal());
    expect(t.orders.orders.at(-1)).toMatchObject({ orderId: second, items: [{ sku: DRESS, count: 1 }] });
    expect(await items(user)).toEqual([]);
  });

  it('removes nothing else when an ordered item was removed or the cart emptied meanwhile', async () => {
    const removed = newUser();
    await add(removed, BOOK, 1);
    await add(removed, DRESS, 2);
    await checkoutWhile(removed, () => removeItem(t.deps, removed, BOOK));
    expect(await items(removed)).toEqual([]);

    const emptied = newUser();
    await add(emptied, BOOK, 1);
    await checkoutWhile(emptied, async () => {
      await clearCart(t.deps, emptied);
      await add(emptied, MOUSE, 1);
    });
    expect(await items(emptied)).toEqual([{ sku: MOUSE, count: 1 }]);
  });

  it('records the order in the same transaction as the removal, under the cart revision', async () => {
    const user = newUser();
    await add(user, BOOK, 2);
    const cart = (await t.cart(user))!;
    const orderId = await checkout(t.deps, user, signal());
    const records = await t.db.selectFrom('checkouts').selectAll().where('user_id', '=', user).execute();
    expect(records).toEqual([
      expect.objectContaining({ user_id: user, revision: cart.revision, order_id: orderId }),
    ]);
    expect(t.orders.orders.at(-1)?.idempotencyKey).toBe(checkoutKey(cart));
  });

  it('answers a checkout retried while the first is in flight with the same order, removing once', async () => {
    const user = newUser();
    await add(user, BOOK, 2);
    let retried: bigint | undefined;
    // The retry reads the same revision, so LOMS gets the same key and answers the same order; it
    // finishes first, then the user adds more of the sku before the first checkout finishes.
    const first = await checkoutWhile(user, async () => {
      retried = await checkout(t.deps, user, signal());
      await add(user, BOOK, 5);
    });
    expect(retried).toBe(first);
    expect(t.orders.orders.filter((o) => o.orderId === first)).toHaveLength(1);
    expect(await items(user)).toEqual([{ sku: BOOK, count: 5 }]);
  });
});
