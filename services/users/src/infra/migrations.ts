/** Folder of the users database's SQL migrations. */
export const USERS_MIGRATIONS = new URL('../../../../migrations/users', import.meta.url).pathname;
