import { createDatabase } from '@marketplace/platform';
import { createTestDatabase } from '@marketplace/testkit';
import { NOTIFIER_MIGRATIONS } from '../../src/infra/migrations.ts';
import type { NotifierDatabase } from '../../src/infra/schema.ts';

/** A migrated throwaway notifier database and a way to read what was processed. */
export async function createNotifierTestDb() {
  const testDb = await createTestDatabase('notifier', NOTIFIER_MIGRATIONS);
  const database = createDatabase<NotifierDatabase>({ url: testDb.url, maxConnections: 5 });
  return {
    url: testDb.url,
    db: database.db,
    processed: () => database.db.selectFrom('processed_events').selectAll().orderBy('processed_at').execute(),
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}
