/** Folder of the SQL migrations applied to every comments shard. */
export const COMMENTS_MIGRATIONS = new URL('../../../../migrations/comments', import.meta.url).pathname;
