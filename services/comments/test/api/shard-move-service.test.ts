import { createDatabase } from '@marketplace/platform';
import type { CallResult } from '@marketplace/testkit';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startComments } from '../../src/comments-server.ts';
import { readCommentsConfig } from '../../src/config.ts';
import { createShardMap, slotOfSku } from '../../src/domain/sharding.ts';
import { departSlots } from '../../src/infra/departed-slots.ts';
import type { CommentsDatabase } from '../../src/infra/schema.ts';
import { advanceShardMove, beginShardMove } from '../../src/infra/shard-moves.ts';
import { commentsTransports } from '../support/comments-transports.ts';
import { createShardTestDatabases } from '../support/shard-test-databases.ts';
import { startTestComments, type TestComments } from '../support/test-comments.ts';

const UNAVAILABLE = 14;
const [oldMap, newMap] = [createShardMap(2), createShardMap(3)];
const skus = Array.from({ length: 100 }, (_, i) => 9_000 + i);
const moving = skus.filter(
  (s) => oldMap.shardOfSlot(slotOfSku(BigInt(s))) !== newMap.shardOfSlot(slotOfSku(BigInt(s))),
);
const staying = skus.find((s) => !moving.includes(s))!;

let t: TestComments;
let shardDbs: Kysely<CommentsDatabase>[];
let editable: string;
beforeAll(async () => {
  t = await startTestComments();
  t.clock.set('2026-11-21T10:00:00.000Z'); // stopped: the comment stays editable
  shardDbs = t.shardUrls.map((url) => createDatabase<CommentsDatabase>({ url, maxConnections: 2 }).db);
  const added = await commentsTransports(() => t)[0]!.call('commentAdd', {
    user_id: 1,
    sku: moving[0]!,
    comment: 'x',
  });
  editable = added.ok ? (added.json.id as string) : '';
  // The cut-over's pause: each old shard refuses the moving slots it holds.
  for (const [shard, db] of shardDbs.entries()) {
    const slots = moving
      .map((s) => slotOfSku(BigInt(s)))
      .filter((slot) => oldMap.shardOfSlot(slot) === shard);
    await departSlots(db, slots, 3);
  }
});
afterAll(async () => {
  await Promise.all(shardDbs?.map((db) => db.destroy()) ?? []);
  await t?.stop();
});

function expectUnavailable(result: CallResult) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(UNAVAILABLE);
  if (result.httpStatus !== undefined) expect(result.httpStatus).toBe(503);
  expect(result.message).toMatch(/are moving to a new shard: writes to them are paused .* retry shortly/);
}

describe.each(commentsTransports(() => t))('writes to moving slots over $name', (api) => {
  it('are refused as Unavailable (503) with why, while other skus and reads go on', async () => {
    expectUnavailable(await api.call('commentAdd', { user_id: 1, sku: moving[1]!, comment: 'paused' }));
    expectUnavailable(
      await api.call('commentEdit', { user_id: 1, comment_id: editable, new_comment: 'paused' }),
    );
    expect((await api.call('commentAdd', { user_id: 1, sku: staying, comment: 'fine' })).ok).toBe(true);
    const read = await api.call('commentGetByID', { id: editable });
    expect(read.ok && read.json.comment).toBe('x');
  });
});

describe('the shard list a process serves', () => {
  it('is reported on shard 0 while the process runs', async () => {
    const rows = await shardDbs[0]!.selectFrom('service_instances').selectAll().execute();
    expect(rows).toEqual([expect.objectContaining({ instance: t.comments.instance, shard_count: 2 })]);
  });

  it('is forgotten for a process silent for an hour, when another starts', async () => {
    const control = shardDbs[0]!;
    const silent = { instance: 'killed:1', shard_count: 2 };
    await control
      .insertInto('service_instances')
      .values({ ...silent, seen_at: new Date(Date.now() - 3_700_000) })
      .execute();
    const another = await startComments(
      readCommentsConfig({
        HOST: '127.0.0.1',
        GRPC_PORT: '0',
        HTTP_PORT: '0',
        SHARD_URLS: t.shardUrls.join(','),
      }),
      pino({ level: 'silent' }),
    );
    try {
      const rows = await control
        .selectFrom('service_instances')
        .select('instance')
        .orderBy('instance')
        .execute();
      expect(rows.map((r) => r.instance).sort()).toEqual([another.instance, t.comments.instance].sort());
    } finally {
      await another.stop();
    }
  });

  it('may not be an old one after a cut-over, nor a new one before it', async () => {
    const three = await createShardTestDatabases(3, false);
    const start = (urls: string[]) =>
      startComments(
        readCommentsConfig({ HOST: '127.0.0.1', GRPC_PORT: '0', HTTP_PORT: '0', SHARD_URLS: urls.join(',') }),
        pino({ level: 'silent' }),
      );
    try {
      await (await start(three.urls.slice(0, 2))).stop(); // migrates and stamps the first two
      const control = createDatabase<CommentsDatabase>({ url: three.urls[0]!, maxConnections: 1 }).db;
      try {
        await beginShardMove(control, 3, new Date());
        await expect(start(three.urls)).rejects.toThrow(
          /the move to 3 is at copying: run add-shard cut-over/,
        );
        await advanceShardMove(control, 3, ['copying'], 'cut-over');
        await expect(start(three.urls.slice(0, 2))).rejects.toThrow(
          /lists 2 shards, but the shards grew to 3/,
        );
        expect(await control.selectFrom('service_instances').selectAll().execute()).toEqual([]);
      } finally {
        await control.destroy();
      }
    } finally {
      await three.drop();
    }
  });
});
