/** Folder of the products database's SQL migrations. */
export const PRODUCTS_MIGRATIONS = new URL('../../../../migrations/products', import.meta.url).pathname;
