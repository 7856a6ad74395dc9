/** Folder of the loms database's SQL migrations. */
export const LOMS_MIGRATIONS = new URL('../../../../migrations/loms', import.meta.url).pathname;
