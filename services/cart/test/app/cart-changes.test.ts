import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addItem } from '../../src/app/add-item.ts';
import { clearCart } from '../../src/app/clear-cart.ts';
import { removeItem } from '../../src/app/remove-item.ts';
import { MAX_ITEM_COUNT } from '../../src/domain/cart.ts';
import { InsufficientStockError, ItemCountLimitError, UnknownProductError } from '../../src/domain/errors.ts';
import { type CartTestDb, createCartTestDb } from '../support/cart-test-db.ts';

let t: CartTestDb;
let nextUser = 100n;
const newUser = () => ++nextUser;
const signal = () => AbortSignal.timeout(10_000);

const BOOK = 1076963n;
const DRESS = 139275865n;
const SCARCE = 1148162n;

beforeAll(async () => {
  t = await createCartTestDb(
    [
      { sku: BOOK, name: 'Теория нравственных чувств', price: 3379 },
      { sku: DRESS, name: 'Платье oodji Collection', price: 634 },
      { sku: SCARCE, name: 'Ceramic pour-over coffee dripper', price: 1290 },
    ],
    [
      [BOOK, MAX_ITEM_COUNT],
      [DRESS, 65534],
      [SCARCE, 5],
    ],
  );
});
afterAll(() => t?.close());

const add = (userId: bigint, sku: bigint, count: number) => addItem(t.deps, { userId, sku, count }, signal());
const items = async (userId: bigint) => (await t.cart(userId))?.items ?? [];

describe('addItem', () => {
  it('stores the item and adds up counts of the same sku', async () => {
    const user = newUser();
    await add(user, DRESS, 2);
    await add(user, BOOK, 1);
    await add(user, DRESS, 3);
    expect(await items(user)).toEqual([
      { sku: BOOK, count: 1 },
      { sku: DRESS, count: 5 },
    ]);
  });

  it('refuses a sku the catalogue does not know and stores nothing', async () => {
    const user = newUser();
    await expect(add(user, 404n, 1)).rejects.toThrow(UnknownProductError);
    await expect(add(user, 404n, 1)).rejects.toThrow('sku 404 is not in the product catalogue');
    expect(await t.cart(user)).toBeUndefined();
  });

  it('accepts a count equal to the available stock and refuses one above it', async () => {
    const user = newUser();
    await expect(add(user, SCARCE, 6)).rejects.toThrow(new InsufficientStockError(SCARCE, 6, 5).message);
    await add(user, SCARCE, 5);
    expect(await items(user)).toEqual([{ sku: SCARCE, count: 5 }]);
  });

  it('compares each request with the stock, not the sum already in the cart', async () => {
    const user = newUser();
    await add(user, SCARCE, 5);
    await add(user, SCARCE, 5);
    expect(await items(user)).toEqual([{ sku: SCARCE, count: 10 }]);
  });

  it('refuses to take one sku past 2^32 - 1 and keeps the count it had', async () => {
    const user = newUser();
    await add(user, BOOK, MAX_ITEM_COUNT - 1);
    await expect(add(user, BOOK, 2)).rejects.toThrow(ItemCountLimitError);
    await add(user, BOOK, 1);
    expect(await items(user)).toEqual([{ sku: BOOK, count: MAX_ITEM_COUNT }]);
  });

  it('never changes the stock', async () => {
    const user = newUser();
    await add(user, SCARCE, 5);
    expect(await t.deps.orders.availableStock(SCARCE, signal())).toBe(5);
  });

  it('keeps every one of many concurrent adds of the same sku', async () => {
    const user = newUser();
    await Promise.all(Array.from({ length: 11 }, () => add(user, DRESS, 10)));
    expect(await items(user)).toEqual([{ sku: DRESS, count: 110 }]);
  });

  it('cancels the stock question when the product turns out unknown', async () => {
    t.orders.hang = true;
    try {
      await expect(add(newUser(), 404n, 1)).rejects.toThrow(UnknownProductError);
      expect(t.orders.stockQuestions.at(-1)?.aborted).toBe(true);
    } finally {
      t.orders.hang = false;
    }
  });

  it('cancels the product lookup when the stock is short', async () => {
    t.catalog.hang = true;
    try {
      await expect(add(newUser(), SCARCE, 6)).rejects.toThrow(InsufficientStockError);
      expect(t.catalog.lookups.at(-1)?.signal.aborted).toBe(true);
    } finally {
      t.catalog.hang = false;
    }
  });

  it('gives up with the caller signal reason when the caller gives up', async () => {
    t.catalog.hang = true;
    try {
      const caller = new AbortController();
      const adding = addItem(t.deps, { userId: newUser(), sku: BOOK, count: 1 }, caller.signal);
      caller.abort(new Error('deadline passed'));
      await expect(adding).rejects.toThrow('deadline passed');
    } finally {
      t.catalog.hang = false;
    }
  });
});

describe('removeItem and clearCart', () => {
  it('removes one sku and keeps the others', async () => {
    const user = newUser();
    await add(user, BOOK, 1);
    await add(user, DRESS, 1);
    await removeItem(t.deps, user, BOOK);
    expect(await items(user)).toEqual([{ sku: DRESS, count: 1 }]);
  });

  it('does nothing for a sku that is not in the cart, nor for a user without a cart', async () => {
    const user = newUser();
    await add(user, BOOK, 1);
    const before = await t.cart(user);
    await removeItem(t.deps, user, DRESS);
    expect(await t.cart(user)).toEqual(before);
    const stranger = newUser();
    await removeItem(t.deps, stranger, DRESS);
    await clearCart(t.deps, stranger);
    expect(await t.cart(stranger)).toBeUndefined();
  });

  it('empties the cart', async () => {
    const user = newUser();
    await add(user, BOOK, 1);
    await add(user, DRESS, 1);
    await clearCart(t.deps, user);
    expect(await items(user)).toEqual([]);
  });
});

describe('cart revision', () => {
  it('moves on with every change and stays when nothing changed', async () => {
    const user = newUser();
    const revision = async () => (await t.cart(user))?.revision;
    await add(user, BOOK, 1);
    const first = await revision();
    await add(user, BOOK, 1);
    const second = await revision();
    await removeItem(t.deps, user, DRESS);
    expect(await revision()).toBe(second);
    await removeItem(t.deps, user, BOOK);
    const third = await revision();
    await clearCart(t.deps, user);
    expect(await revision()).toBe(third);
    expect([first, second, third]).toEqual([1n, 2n, 3n]);
  });

  it('does not move when an add is refused', async () => {
    const user = newUser();
    await add(user, BOOK, MAX_ITEM_COUNT);
    await expect(add(user, BOOK, 1)).rejects.toThrow(ItemCountLimitError);
    expect((await t.cart(user))?.revision).toBe(1n);
  });
});

describe('ids beyond 2^53 in PostgreSQL', () => {
  const ABOVE_2_53 = 9007199254740993n;
  const INT64_MAX = 9223372036854775807n;

  it('stores and reads back int64 user ids and skus exactly, as bigint', async () => {
    for (const sku of [ABOVE_2_53, INT64_MAX]) {
      t.catalog.put({ sku, name: `product ${sku}`, price: 1 });
      t.orders.setStock(sku, 10);
    }
    await add(INT64_MAX, INT64_MAX, 2);
    await add(INT64_MAX, ABOVE_2_53, 1);
    await add(ABOVE_2_53, INT64_MAX, 3);
    expect(await items(INT64_MAX)).toEqual([
      { sku: ABOVE_2_53, count: 1 },
      { sku: INT64_MAX, count: 2 },
    ]);
    // 2^53 is what a double makes of 2^53 + 1: it is another user, without a cart.
    expect(await t.cart(ABOVE_2_53 - 1n)).toBeUndefined();
    expect((await t.cart(ABOVE_2_53))?.items).toEqual([{ sku: INT64_MAX, count: 3 }]);
    await removeItem(t.deps, INT64_MAX, ABOVE_2_53);
    expect(await items(INT64_MAX)).toEqual([{ sku: INT64_MAX, count: 2 }]);
    await clearCart(t.deps, ABOVE_2_53);
    expect(await items(ABOVE_2_53)).toEqual([]);
  });

  it('refuses an add whose merged count would pass 2^32 - 1 and keeps the stored count', async () => {
    const user = newUser();
    t.orders.setStock(INT64_MAX, MAX_ITEM_COUNT);
    await add(user, INT64_MAX, MAX_ITEM_COUNT);
    await expect(add(user, INT64_MAX, MAX_ITEM_COUNT)).rejects.toThrow(ItemCountLimitError);
    expect(await items(user)).toEqual([{ sku: INT64_MAX, count: MAX_ITEM_COUNT }]);
  });
});
