import { allOrCancel } from '@marketplace/platform';
import type { CartItem } from '../domain/cart.ts';
import { InsufficientStockError, ItemCountLimitError, UnknownProductError } from '../domain/errors.ts';
import type { CartDeps } from './ports.ts';

/**
 * Adds `count` of a sku to the user's cart (counts of one sku add up). The sku must be in the
 * catalogue and `count` no more than LOMS has available; both are asked in parallel and the first
 * refusal cancels the other question. Adding reserves nothing in LOMS.
 */
export async function addItem(
  deps: CartDeps,
  input: { userId: bigint } & CartItem,
  signal: AbortSignal,
): Promise<void> {
  const { userId, sku, count } = input;
  await allOrCancel(
    [
      async (s) => {
        const products = await deps.products.getProducts([sku], s);
        if (!products.has(sku)) throw new UnknownProductError(sku);
      },
      async (s) => {
        const available = await deps.orders.availableStock(sku, s);
        if (count > available) throw new InsufficientStockError(sku, count, available);
      },
    ],
    signal,
  );
  await deps.store.transaction(async (repos) => {
    await repos.carts.touch(userId);
    if ((await repos.carts.addItem(userId, { sku, count })) === undefined) throw new ItemCountLimitError(sku);
  });
}
