import { createLogger, ensureDatabase } from '@marketplace/platform';
import { readCommentsConfig } from '../config.ts';
import { openShardDatabases } from '../infra/shard-databases.ts';
import { copyToNewShard, deleteMovedFromOldShards } from '../infra/shard-growth.ts';

/**
 * Grows the shards by the last database of SHARD_URLS (the ones before it in their old order):
 *   add-shard copy [SINCE]  create, migrate and stamp the new shard, copy the slots it takes over
 *                           (only comments created after the ISO time SINCE, when given) and raise
 *                           its sequence; run it again with writes stopped and the SINCE it printed,
 *                           then restart the service with the new SHARD_URLS
 *   add-shard cleanup       delete the moved slots from the old shards
 * See README.md, "Adding a shard".
 */
const log = createLogger('comments:add-shard');
const [step, since] = process.argv.slice(2);
const createdAfter = since === undefined ? undefined : new Date(since);
if ((step !== 'copy' && step !== 'cleanup') || Number.isNaN(createdAfter?.getTime())) {
  log.fatal(
    'usage: add-shard copy [SINCE] | cleanup (SHARD_URLS: the old shards in order, then the new one)',
  );
  process.exit(2);
}
const { database, comments } = readCommentsConfig();
// Comments older than this when the copy starts can no longer be edited, so a catch-up may skip
// them; the extra minute covers clock differences between this host and the service's.
const catchUpSince = new Date(Date.now() - comments.editWindowMs - 60_000).toISOString();
await ensureDatabase(database.shardUrls.at(-1)!);
const shards = await openShardDatabases({
  urls: database.shardUrls,
  maxConnections: 2,
  migrate: true,
  log,
});
try {
  const dbs = shards.shards.map((shard) => shard.db);
  if (step === 'copy') {
    const report = await copyToNewShard(dbs, createdAfter);
    log.info({ step, newShard: shards.shards.at(-1)!.name, ...report, catchUpSince }, 'copy done');
  } else {
    const report = await deleteMovedFromOldShards(dbs);
    log.info({ step, newShard: shards.shards.at(-1)!.name, ...report }, 'cleanup done');
  }
} finally {
  await shards.close();
}
