/** Folder of the cart database's SQL migrations. */
export const CART_MIGRATIONS = new URL('../../../../migrations/cart', import.meta.url).pathname;
