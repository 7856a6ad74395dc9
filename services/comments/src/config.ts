import { type EnvReader, readAuthSettings, readServiceConfig } from '@marketplace/platform';

/** Each shard keeps at least ~128 of the 16,384 slots, so the ring stays even. */
const MAX_SHARDS = 128;

/** Comments settings, read once from the environment at start. */
export function readCommentsConfig(env = process.env) {
  return readServiceConfig(env, {
    ports: { grpcPort: 8085, httpPort: 8086 },
    settings: (read) => ({
      database: {
        /** One URL per shard, in shard order: shard numbers are positions in this list. */
        shardUrls: readShardUrls(read, env),
        maxConnectionsPerShard: read.int('DB_POOL_SIZE', 10, { min: 1, max: 1000 }),
        migrateOnStart: read.bool('MIGRATE_ON_START', true),
      },
      comments: { editWindowMs: read.durationMs('EDIT_INTERVAL', '15m') },
      auth: readAuthSettings(read),
    }),
  });
}

export type CommentsConfig = ReturnType<typeof readCommentsConfig>;

/**
 * SHARD_URLS (comma-separated, in shard order), or else SHARD_COUNT (default 2) databases named
 * `<database>_shard_<n>` beside DATABASE_URL's database; none when a problem was reported.
 */
function readShardUrls(read: EnvReader, env: Record<string, string | undefined>): string[] {
  const refuse = (name: string, message: string): string[] => {
    read.problem(name, message);
    return [];
  };
  const databaseUrl = read.string('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/comments');
  const count = read.int('SHARD_COUNT', 2, { min: 2, max: MAX_SHARDS });
  const list = read.string('SHARD_URLS', '');
  if (list === '') {
    const base = parseDatabaseUrl(databaseUrl);
    if (!base) return refuse('DATABASE_URL', 'expected a postgres:// URL with a database name');
    const name = decodeURIComponent(base.pathname.slice(1));
    return Array.from({ length: count }, (_, index) => {
      base.pathname = `/${encodeURIComponent(`${name}_shard_${index}`)}`;
      return base.toString();
    });
  }
  if (env.SHARD_COUNT) return refuse('SHARD_COUNT', 'set either SHARD_URLS or SHARD_COUNT, not both');
  const urls = list.split(',').map((url) => url.trim());
  if (urls.length < 2 || urls.length > MAX_SHARDS)
    return refuse('SHARD_URLS', `expected 2 to ${MAX_SHARDS} comma-separated URLs, got ${urls.length}`);
  const bad = urls.findIndex((url) => !parseDatabaseUrl(url));
  // The position, not the URL: a URL may carry a password.
  if (bad >= 0) return refuse('SHARD_URLS', `entry ${bad + 1} is not a postgres:// URL with a database name`);
  if (new Set(urls).size !== urls.length) return refuse('SHARD_URLS', 'every shard needs its own database');
  return urls;
}

function parseDatabaseUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    const isPostgres = url.protocol === 'postgres:' || url.protocol === 'postgresql:';
    return isPostgres && url.pathname.length > 1 ? url : undefined;
  } catch {
    return undefined;
  }
}
