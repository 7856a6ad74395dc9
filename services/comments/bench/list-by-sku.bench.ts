/**
 * CommentListBySKU latency over gRPC on a sku with 10,000 comments: the first page and a deep page
 * (after 9,000 comments) of 100, at 1 and 8 concurrent clients, beside the answer without page_size
 * (the contract's default: at most 1,000 comments), each next to the same SQL run with pg from this
 * process (the ceiling). Keyset
 * paging should make the deep page cost what the first one does.
 * Prints a table and writes bench-results/comments-list-by-sku.json. CALLS (default 1000) sets the
 * calls per run.
 */
import { createDatabase, createLogger } from '@marketplace/platform';
import { CommentsService } from '@marketplace/proto/marketplace/comments/v1/comments_pb';
import {
  type LoadResult,
  printTable,
  readBenchSettings,
  runLoad,
  startBenchService,
  writeBenchResults,
} from '@marketplace/testkit';
import type pg from 'pg';
import { type CommentCursor, skuPageTokens } from '../src/domain/page-token.ts';
import { createShardMap, SLOT_COUNT, slotOfSku } from '../src/domain/sharding.ts';

const benchLog = createLogger('comments:bench', 'warn');
const { CALLS } = readBenchSettings({ CALLS: 1000 });
const COMMENTS = 10_000;
const PAGE_SIZE = 100;
const DEEP_AFTER = 9_000;
const SKU = 1_076_963n;

/** One INSERT into the sku's shard: 10,000 comments by 500 users, three per millisecond (so ties). */
async function loadComments(shardUrl: string) {
  const { pool: client, close } = createDatabase({ url: shardUrl, maxConnections: 1, log: benchLog });
  try {
    await client.query(
      `INSERT INTO comments (id, user_id, sku, text, created_at)
       SELECT nextval('comment_seq') * $1 + $2, 1 + i % 500, $3, 'comment number ' || i,
              timestamptz '2026-11-21 10:00:00+00' - (i / 3) * interval '1 millisecond'
       FROM generate_series(1, $4) AS i`,
      [SLOT_COUNT, slotOfSku(SKU), SKU, COMMENTS],
    );
    await client.query('ANALYZE comments');
  } finally {
    await close();
  }
}

/** The query the repository runs for a page, written out with pg. */
function selectPageDirectly(pool: pg.Pool, after?: CommentCursor, limit?: number) {
  const keyset = after
    ? 'AND created_at <= $2 AND (created_at < $2 OR user_id > $3 OR (user_id = $3 AND id < $4))'
    : '';
  const values: unknown[] = after ? [SKU, after.createdAt, after.userId, after.id] : [SKU];
  if (limit) values.push(limit);
  return pool.query(
    `SELECT id, user_id, sku, text, created_at FROM comments WHERE sku = $1 ${keyset}
     ORDER BY created_at DESC, user_id, id DESC ${limit ? `LIMIT $${values.length}` : ''}`,
    values,
  );
}

// Load from one client far above a browser's: the per-client limit is not what is measured.
const service = await startBenchService('comments', CommentsService, {
  env: { RATE_LIMIT_PER_IP: '1000000' },
});
const client = service.client;
const skuShardUrl =
  service.databaseUrls[createShardMap(service.databaseUrls.length).shardOfSlot(slotOfSku(SKU))]!;
await loadComments(skuShardUrl);
const { pool, close: closePool } = createDatabase({ url: skuShardUrl, maxConnections: 8, log: benchLog });

try {
  const page = (pageToken = '') =>
    client.call('commentListBySKU', { sku: SKU, pageSize: PAGE_SIZE, pageToken });
  // Walk to the deep page once, checking that paging sees every comment once along the way.
  let deepToken = '';
  const seen = new Set<bigint>();
  while (seen.size < DEEP_AFTER) {
    const answer = await page(deepToken);
    for (const comment of answer.comments) seen.add(comment.id);
    deepToken = answer.nextPageToken;
  }
  if (seen.size !== DEEP_AFTER) throw new Error(`paging repeated comments: ${seen.size} distinct`);

  const deepCursor = skuPageTokens(SKU).decode(deepToken);
  const cases = [
    {
      name: 'first page of 100',
      calls: CALLS,
      grpc: () => page(),
      sql: () => selectPageDirectly(pool, undefined, 101),
    },
    {
      name: `page of 100 after ${DEEP_AFTER}`,
      calls: CALLS,
      grpc: () => page(deepToken),
      sql: () => selectPageDirectly(pool, deepCursor, 101),
    },
    {
      name: 'default answer (1,000)',
      calls: Math.ceil(CALLS / 10),
      grpc: () => client.call('commentListBySKU', { sku: SKU }),
      sql: () => selectPageDirectly(pool, undefined, 1_001),
    },
  ];
  for (const { grpc, sql } of cases) {
    await runLoad(4, 50, grpc);
    await runLoad(4, 50, sql);
  }
  const runs: Array<{ case: string; clients: number; grpc: LoadResult; sql: LoadResult }> = [];
  for (const { name, calls, grpc, sql } of cases) {
    for (const clients of [1, 8]) {
      runs.push({
        case: name,
        clients,
        grpc: await runLoad(clients, calls, grpc),
        sql: await runLoad(clients, calls, sql),
      });
    }
  }
  printTable(
    `CommentListBySKU over gRPC vs the same SQL with pg directly; sku with ${COMMENTS} comments`,
    runs.map((r) => ({
      case: r.case,
      clients: r.clients,
      calls: r.grpc.operations,
      'grpc p50 ms': r.grpc.p50Ms,
      'grpc p99 ms': r.grpc.p99Ms,
      'grpc calls/s': r.grpc.perSecond,
      'pg p50 ms': r.sql.p50Ms,
      'pg p99 ms': r.sql.p99Ms,
      errors: r.grpc.errors + r.sql.errors,
    })),
  );
  console.log(
    `\nresults: ${writeBenchResults('comments-list-by-sku', { comments: COMMENTS, pageSize: PAGE_SIZE, runs })}`,
  );
} finally {
  await closePool();
  await service.stop();
}
