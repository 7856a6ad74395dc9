import { createLogger, ensureDatabase } from '@marketplace/platform';
import { readCommentsConfig } from '../config.ts';
import type { AddShardStep } from '../domain/shard-move.ts';
import { AddShardRefusedError, runAddShardStep } from '../infra/add-shard-steps.ts';
import { openShardDatabases } from '../infra/shard-databases.ts';

/**
 * Grows the shards by the last database of SHARD_URLS (the ones before it in their old order), one
 * step per run, each refused unless the phase recorded on shard 0 allows it:
 *   add-shard copy      create, migrate and stamp the new shard and copy the slots it takes over
 *                       while the service writes on (may run again, until the cut-over)
 *   add-shard cut-over  pause writes to the moving slots, copy what changed, check every slot;
 *                       then restart every process with the new SHARD_URLS
 *   add-shard cleanup   once every running process serves the new list: delete the old copies
 * See README.md, "Adding a shard".
 */
const STEPS: readonly string[] = ['copy', 'cut-over', 'cleanup'] satisfies AddShardStep[];
const log = createLogger('comments:add-shard');
const [step, ...extra] = process.argv.slice(2);
if (step === undefined || !STEPS.includes(step) || extra.length > 0) {
  log.fatal(
    'usage: add-shard copy | cut-over | cleanup (SHARD_URLS: the old shards in order, then the new one)',
  );
  process.exit(2);
}
const { database, comments } = readCommentsConfig();
await ensureDatabase(database.shardUrls.at(-1)!);
const shards = await openShardDatabases({
  urls: database.shardUrls,
  maxConnections: 3,
  migrate: true,
  log,
});
try {
  const dbs = shards.shards.map((shard) => shard.db);
  const report = await runAddShardStep(step as AddShardStep, dbs, { editWindowMs: comments.editWindowMs });
  log.info({ step, newShard: shards.shards.at(-1)!.name, ...report }, `${step} done`);
} catch (err) {
  if (!(err instanceof AddShardRefusedError)) throw err;
  log.fatal(err.message);
  process.exitCode = 1;
} finally {
  await shards.close();
}
