import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment } from '../../src/app/add-comment.ts';
import { listCommentsBySku } from '../../src/app/list-comments-by-sku.ts';
import type { Comment } from '../../src/domain/comment.ts';
import type { CommentCursor } from '../../src/domain/page-token.ts';
import { type CommentsTestDb, createCommentsTestDb, type Statement } from '../support/comments-test-db.ts';

let t: CommentsTestDb;
const SKU = 777n;
const COUNT = 50;

beforeAll(async () => {
  t = await createCommentsTestDb();
  // Five comments per millisecond, from users 1..3 (so one user twice in a millisecond at times).
  t.clock.set('2026-11-21T10:00:00.000Z');
  for (let i = 0; i < COUNT; i++) {
    if (i % 5 === 0) t.clock.advance(1);
    await addComment(t.deps, { userId: BigInt(1 + (i % 3)), sku: SKU, text: `comment ${i}` });
  }
});
afterAll(() => t?.close());

async function pageThrough(pageSize: number) {
  const pages: Comment[][] = [];
  let after: CommentCursor | undefined;
  do {
    const page = await listCommentsBySku(t.deps, { sku: SKU, pageSize, after });
    pages.push(page.comments);
    after = page.next;
  } while (after);
  return pages;
}

const isListQuery = (s: Statement) => /^select .* from "comments" where "sku" = \$1/.test(s.sql);

describe('keyset paging of a sku', () => {
  it('returns every comment exactly once, in list order, with LIMIT and no OFFSET in the SQL', async () => {
    const all = (await listCommentsBySku(t.deps, { sku: SKU, pageSize: 0 })).comments;
    expect(all).toHaveLength(COUNT);
    const before = t.statements.length;
    const pages = await pageThrough(7);
    expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 7, 7, 7, 7, 1]);
    expect(pages.flat().map((c) => c.id)).toEqual(all.map((c) => c.id));
    const queries = t.statements.slice(before).filter(isListQuery);
    expect(queries).toHaveLength(8);
    for (const query of queries) {
      expect(query.sql).toMatch(/ limit \$\d+$/);
      expect(query.sql).not.toMatch(/offset/i);
    }
  });

  it('ends without an empty page when the last page is full', async () => {
    const pages = await pageThrough(10);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 10, 10, 10]);
  });

  it('serves a page straight from the sku index: a range scan from the cursor, no sort', async () => {
    const before = t.statements.length;
    const first = await listCommentsBySku(t.deps, { sku: SKU, pageSize: 7 });
    await listCommentsBySku(t.deps, { sku: SKU, pageSize: 7, after: first.next });
    const [firstQuery, nextQuery] = t.statements.slice(before).filter(isListQuery);
    const shard = t.shardOfSku(SKU);
    const firstPlan = await explain(t.urls[shard]!, firstQuery!);
    const nextPlan = await explain(t.urls[shard]!, nextQuery!);
    for (const plan of [firstPlan, nextPlan]) {
      expect(plan).toMatch(/Index Scan using comments_sku_created_idx/);
      expect(plan).not.toMatch(/Sort/);
    }
    expect(nextPlan).toMatch(/Index Cond: \(\(sku = .*\) AND \(created_at <= .*\)\)/);
  });
});

/** The plan of a captured statement, with the planner told to avoid anything but an index scan if it can. */
async function explain(url: string, statement: Statement): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // With sorting and other scans priced out, a Sort node in the plan would mean the index cannot
    // deliver the list's order.
    await client.query('SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off');
    const { rows } = await client.query(`EXPLAIN ${statement.sql}`, statement.parameters as unknown[]);
    return rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n');
  } finally {
    await client.end();
  }
}
