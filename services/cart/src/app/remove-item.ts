import type { CartDeps } from './ports.ts';

/** Removes a sku from the user's cart; nothing happens (and the revision stays) when it is not there. */
export async function removeItem(deps: CartDeps, userId: bigint, sku: bigint): Promise<void> {
  await deps.store.transaction(async (repos) => {
    // The cart row is locked first, as every change does, so concurrent changes cannot deadlock.
    if (!(await repos.carts.lock(userId))) return;
    if (await repos.carts.removeItem(userId, sku)) await repos.carts.bumpRevision(userId);
  });
}
