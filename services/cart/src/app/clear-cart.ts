import type { CartDeps } from './ports.ts';

/** Empties the user's cart; nothing happens when there is no cart or it is already empty. */
export async function clearCart(deps: CartDeps, userId: bigint): Promise<void> {
  await deps.store.transaction(async (repos) => {
    if (!(await repos.carts.lock(userId))) return;
    if ((await repos.carts.clearItems(userId)) > 0) await repos.carts.bumpRevision(userId);
  });
}
