import { createTestDatabase } from '@marketplace/testkit';
import { COMMENTS_MIGRATIONS } from '../../src/infra/migrations.ts';

/** `count` migrated throwaway shard databases, in shard order. */
export async function createShardTestDatabases(count = 2, migrated = true) {
  const databases = await Promise.all(
    Array.from({ length: count }, () =>
      createTestDatabase('comments', migrated ? COMMENTS_MIGRATIONS : undefined),
    ),
  );
  return {
    urls: databases.map((database) => database.url),
    drop: async () => {
      await Promise.all(databases.map((database) => database.drop()));
    },
  };
}
