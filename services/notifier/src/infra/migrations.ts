/** Folder of the notifier database's SQL migrations. */
export const NOTIFIER_MIGRATIONS = new URL('../../../../migrations/notifier', import.meta.url).pathname;
