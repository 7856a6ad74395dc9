import { createDatabase, createLogger, ensureDatabase, migrateDatabase } from '@marketplace/platform';
import { readCommentsConfig } from '../config.ts';
import { COMMENTS_MIGRATIONS } from '../infra/migrations.ts';
import type { CommentsDatabase } from '../infra/schema.ts';
import { databaseNameOf } from '../infra/shard-databases.ts';
import { claimShardIndex } from '../infra/shard-identity.ts';

/** Creates every shard database that is missing, migrates it and stamps it with its shard number. */
const log = createLogger('comments:migrate');
const { database } = readCommentsConfig();
for (const [index, url] of database.shardUrls.entries()) {
  const name = databaseNameOf(url);
  await ensureDatabase(url);
  const { applied } = await migrateDatabase(url, COMMENTS_MIGRATIONS);
  const { db } = createDatabase<CommentsDatabase>({
    url,
    maxConnections: 1,
    applicationName: 'comments-migrate',
    log: log.child({ database: name }),
  });
  try {
    await claimShardIndex(db, index, name);
  } finally {
    await db.destroy();
  }
  log.info(
    { shard: index, database: name, applied },
    applied.length ? 'migrations applied' : 'shard is up to date',
  );
}
