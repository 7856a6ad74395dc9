import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Executor, Logger } from '@marketplace/platform';
import { INSTANCE_FORGET_MS, INSTANCE_REPORT_INTERVAL_MS, shardListRefusal } from '../domain/shard-move.ts';
import type { CommentsDatabase } from './schema.ts';
import {
  forgetServiceInstance,
  forgetSilentInstances,
  listShardMoves,
  reportServiceInstance,
} from './shard-moves.ts';

export interface InstanceReport {
  /** This process's name on shard 0 (host, pid and a random part). */
  instance: string;
  /** Stops reporting and removes the process from the list. */
  stop(): Promise<void>;
}

/**
 * Checks that `shardCount` shards agree with the shard moves recorded on shard 0 (`control`),
 * then reports this process as serving that many shards, again every `intervalMs` while it runs,
 * so add-shard cleanup can tell when no process still reads the old shard list. Reports of
 * processes silent for INSTANCE_FORGET_MS (killed without a stop) are removed first.
 */
export async function startInstanceReport(
  control: Executor<CommentsDatabase>,
  shardCount: number,
  log: Logger,
  intervalMs = INSTANCE_REPORT_INTERVAL_MS,
): Promise<InstanceReport> {
  const refusal = shardListRefusal(shardCount, await listShardMoves(control));
  if (refusal) throw new Error(refusal);
  const instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  await forgetSilentInstances(control, INSTANCE_FORGET_MS);
  await reportServiceInstance(control, instance, shardCount);
  const timer = setInterval(() => {
    reportServiceInstance(control, instance, shardCount).catch((err) =>
      log.warn({ err }, 'could not report the shard list on shard 0'),
    );
  }, intervalMs);
  timer.unref();
  return {
    instance,
    async stop() {
      clearInterval(timer);
      await forgetServiceInstance(control, instance).catch((err) =>
        log.warn({ err }, 'could not remove this process from the shard list reports'),
      );
    },
  };
}
