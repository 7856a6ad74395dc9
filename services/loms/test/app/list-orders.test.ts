import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOrders } from '../../src/app/list-orders.ts';
import type { OrderCursor } from '../../src/domain/order-page.ts';
import { createLomsTestDb, type LomsTestDb } from '../support/loms-test-db.ts';

let t: LomsTestDb;
let user = 500n;
const nextUser = () => ++user;

beforeAll(async () => {
  t = await createLomsTestDb();
});
afterAll(() => t.close());

/** Stores an order of `userId` created at `createdAt` (exact PostgreSQL text), returning its id. */
async function orderAt(userId: bigint, createdAt: string, sku = 1n): Promise<bigint> {
  const { id } = await t.db
    .insertInto('orders')
    .values({ user_id: userId, status: 'awaiting payment', created_at: sql`${createdAt}::timestamptz` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('order_items').values({ order_id: id, sku, count: 1n }).execute();
  return id;
}

/** Every page of the user's list, `pageSize` at a time: the ids of each page. */
async function allPages(userId: bigint, pageSize: number): Promise<bigint[][]> {
  const pages: bigint[][] = [];
  let after: OrderCursor | undefined;
  do {
    const page = await listOrders(t.deps, { userId, pageSize, after });
    pages.push(page.orders.map((o) => o.id));
    after = page.next;
  } while (after);
  return pages;
}

describe('listOrders', () => {
  it('pages newest first and breaks ties of created_at by the highest id', async () => {
    const u = nextUser();
    const oldest = await orderAt(u, '2026-11-21 10:00:00+00');
    const tiedA = await orderAt(u, '2026-11-21 10:00:01+00');
    const tiedB = await orderAt(u, '2026-11-21 10:00:01+00');
    const tiedC = await orderAt(u, '2026-11-21 10:00:01+00');
    const newest = await orderAt(u, '2026-11-21 10:00:02+00');
    expect(await allPages(u, 2)).toEqual([[newest, tiedC], [tiedB, tiedA], [oldest]]);
  });

  it('tells apart orders a microsecond apart within one millisecond', async () => {
    const u = nextUser();
    // Inserted out of time order, so id order and time order disagree.
    const later = await orderAt(u, '2026-11-21 10:00:00.123457+00');
    const earlier = await orderAt(u, '2026-11-21 10:00:00.123456+00');
    const latest = await orderAt(u, '2026-11-21 10:00:00.123458+00');
    expect(await allPages(u, 1)).toEqual([[latest], [later], [earlier]]);
    const [first] = (await listOrders(t.deps, { userId: u, pageSize: 1 })).orders;
    expect(first?.createdAtUs).toBe(1_795_255_200_123_458n);
  });

  it('gives the last page no cursor, also when it is exactly full', async () => {
    const u = nextUser();
    for (let i = 0; i < 4; i++) await orderAt(u, `2026-11-21 10:00:0${i}+00`);
    const pages = await allPages(u, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2]);
  });

  it("lists only the user's own orders, with their items sorted by sku and their status", async () => {
    const [u, other] = [nextUser(), nextUser()];
    const id = await orderAt(u, '2026-11-21 10:00:00+00', 9n);
    await t.db.insertInto('order_items').values({ order_id: id, sku: 3n, count: 2n }).execute();
    await orderAt(other, '2026-11-21 10:00:00+00');
    const page = await listOrders(t.deps, { userId: u, pageSize: 0 });
    expect(page).toEqual({
      orders: [
        {
          id,
          userId: u,
          status: 'awaiting payment',
          items: [
            { sku: 3n, count: 2n },
            { sku: 9n, count: 1n },
          ],
          createdAtUs: 1_795_255_200_000_000n,
        },
      ],
      next: undefined,
    });
  });

  it('answers 20 orders for page size 0 and an empty page for a user without orders', async () => {
    const u = nextUser();
    for (let i = 0; i < 21; i++) await orderAt(u, '2026-11-21 10:00:00+00');
    const page = await listOrders(t.deps, { userId: u, pageSize: 0 });
    expect(page.orders).toHaveLength(20);
    expect(page.next).toBeDefined();
    expect(await listOrders(t.deps, { userId: nextUser(), pageSize: 0 })).toEqual({
      orders: [],
      next: undefined,
    });
  });

  it('reads a page from a cursor by a range scan of orders_user_created_idx, without a sort', async () => {
    const plan = await t.db.transaction().execute(async (tx) => {
      // On a table this small the planner prefers a sequential scan; the question is whether the index serves the query.
      await sql`SET LOCAL enable_seqscan = off`.execute(tx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`
        EXPLAIN SELECT id FROM orders
        WHERE user_id = ${nextUser()} AND (created_at, id) < (${'2026-11-21 10:00:00+00'}::timestamptz, ${100n})
        ORDER BY created_at DESC, id DESC LIMIT 21`.execute(tx);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index (Only )?Scan using orders_user_created_idx/);
    expect(plan).not.toMatch(/Sort/);
  });
});
