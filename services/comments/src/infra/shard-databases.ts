import {
  createDatabase,
  type Database,
  type Logger,
  migrateDatabase,
  pingDatabase,
} from '@marketplace/platform';
import { COMMENTS_MIGRATIONS } from './migrations.ts';
import type { CommentsDatabase } from './schema.ts';
import { claimShardIndex } from './shard-identity.ts';

export interface ShardDatabasesOptions {
  /** One URL per shard, in shard order. */
  urls: readonly string[];
  /** Pool size per shard. */
  maxConnections: number;
  migrate: boolean;
  /** Where each shard's pool reports connections the server closed (restart, failover), with its name. */
  log: Logger;
}

export interface ShardDatabases {
  shards: ReadonlyArray<Database<CommentsDatabase> & { name: string }>;
  /** True when every shard answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** The database name in a PostgreSQL URL (never the whole URL: it may hold a password). */
export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** Opens a pool per shard (migrating each first when asked) and checks each shard's identity. */
export async function openShardDatabases(options: ShardDatabasesOptions): Promise<ShardDatabases> {
  if (options.migrate)
    await Promise.all(options.urls.map((url) => migrateDatabase(url, COMMENTS_MIGRATIONS)));
  const shards = options.urls.map((url) => {
    const name = databaseNameOf(url);
    const database = createDatabase<CommentsDatabase>({
      url,
      maxConnections: options.maxConnections,
      applicationName: 'comments',
      log: options.log.child({ database: name }),
    });
    return { ...database, name };
  });
  const close = async () => {
    await Promise.all(shards.map((shard) => shard.close()));
  };
  // In shard order, stopping at the first refusal: a shard listed after a misplaced one (the new
  // shard of an add-shard run) must not be stamped with the wrong number.
  try {
    for (const [index, shard] of shards.entries()) await claimShardIndex(shard.db, index, shard.name);
  } catch (err) {
    await close();
    throw err;
  }
  return {
    shards,
    ping: async () => (await Promise.all(shards.map((shard) => pingDatabase(shard.pool)))).every(Boolean),
    close,
  };
}
