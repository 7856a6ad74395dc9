import { createDatabase, type Database } from '@marketplace/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelOrder } from '../../src/app/cancel-order.ts';
import { createOrder } from '../../src/app/create-order.ts';
import { payOrder } from '../../src/app/pay-order.ts';
import type { LomsDeps } from '../../src/app/ports.ts';
import type { LomsDatabase } from '../../src/infra/schema.ts';
import { createPostgresStore } from '../../src/infra/store.ts';
import { createLomsTestDb, type LomsTestDb } from '../support/loms-test-db.ts';

// Each statement is a round trip to the database: what an order costs beyond the work itself.
let t: LomsTestDb;
let counted: Database<LomsDatabase>;
let sent: string[] = [];
let deps: LomsDeps;

beforeAll(async () => {
  t = await createLomsTestDb();
  counted = createDatabase<LomsDatabase>({ url: t.url, maxConnections: 1 });
  counted.pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((config: unknown, ...rest: unknown[]) => {
      const text = typeof config === 'string' ? config : (config as { text: string }).text;
      sent.push(text.trim().split(/\s+/)[0]!.toUpperCase());
      return query(config, ...rest);
    }) as typeof client.query;
  });
  deps = {
    ...t.deps,
    store: createPostgresStore(counted.db, { orderEventsTopic: 'loms.order-events.test' }),
  };
  await Promise.all([t.addStock(7001n, 10n), t.addStock(7002n, 10n), t.addStock(7003n, 10n)]);
});
afterAll(async () => {
  await counted.close();
  await t.close();
});

/** The first word of each statement `work` sends. */
async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  sent = [];
  await work();
  return sent;
}

const items = [
  { sku: 7001n, count: 1n },
  { sku: 7002n, count: 2n },
  { sku: 7003n, count: 1n },
];

describe('round trips to the database', () => {
  it('OrderCreate: BEGIN, the id with the stock rows locked, every write in one statement, COMMIT', async () => {
    expect(await statementsOf(() => createOrder(deps, { userId: 1n, items }))).toEqual([
      'BEGIN',
      'WITH',
      'WITH',
      'COMMIT',
    ]);
  });

  it('a pay and a cancel: BEGIN, the order with its stock rows locked, every write in one statement, COMMIT', async () => {
    const paid = await createOrder(deps, { userId: 1n, items });
    const cancelled = await createOrder(deps, { userId: 1n, items });
    const shape = ['BEGIN', 'WITH', 'WITH', 'COMMIT'];
    expect(await statementsOf(() => payOrder(deps, paid))).toEqual(shape);
    expect(await statementsOf(() => cancelOrder(deps, cancelled))).toEqual(shape);
    expect(await t.stock(7002n)).toEqual({ total: 8n, reserved: 2n });
  });

  it('an order short of stock costs the same and is stored as failed', async () => {
    const short = [{ sku: 7003n, count: 100n }];
    expect(
      await statementsOf(() => createOrder(deps, { userId: 1n, items: short }).catch(() => undefined)),
    ).toEqual(['BEGIN', 'WITH', 'WITH', 'COMMIT']);
    const last = (await t.events()).at(-1)!;
    expect(JSON.parse(last.payload).status).toBe('failed');
  });
});
