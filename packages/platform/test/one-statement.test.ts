import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/database.ts';
import { executeAsOneStatement } from '../src/one-statement.ts';
import { throwawayDatabase } from './throwaway-database.ts';

const testDb = throwawayDatabase('platform_test');

interface Tables {
  accounts: { id: bigint; balance: bigint };
  journal: { account_id: bigint; amount: bigint };
}
let database: ReturnType<typeof createDatabase<Tables>>;
let db: Kysely<Tables>;
let statements = 0;

beforeAll(async () => {
  await testDb.create();
  database = createDatabase<Tables>({ url: testDb.url, maxConnections: 1 });
  db = database.db;
  // Counts what reaches the server, to tell one round trip from several.
  database.pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      statements++;
      return query(...args);
    }) as typeof client.query;
  });
  await sql`CREATE TABLE accounts (id bigint PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0))`.execute(
    db,
  );
  await sql`CREATE TABLE journal (account_id bigint NOT NULL REFERENCES accounts (id), amount bigint NOT NULL)`.execute(
    db,
  );
});
afterAll(async () => {
  await database?.close();
  await testDb.drop();
});

const openAccount = (id: bigint, balance: bigint) => db.insertInto('accounts').values({ id, balance });
const post = (accountId: bigint, amount: bigint) => [
  db
    .updateTable('accounts')
    .set({ balance: sql`balance + ${amount}` })
    .where('id', '=', accountId),
  db.insertInto('journal').values({ account_id: accountId, amount }),
];

describe('executeAsOneStatement', () => {
  it('sends several writes to different tables as one statement, each applied once', async () => {
    await executeAsOneStatement(db, [openAccount(1n, 100n), openAccount(2n, 0n)]);
    const before = statements;
    await executeAsOneStatement(db, [...post(1n, -30n), ...post(2n, 30n)]);
    expect(statements - before).toBe(1);
    const accounts = await db.selectFrom('accounts').selectAll().orderBy('id').execute();
    expect(accounts).toEqual([
      { id: 1n, balance: 70n },
      { id: 2n, balance: 30n },
    ]);
    expect(await db.selectFrom('journal').select('amount').orderBy('amount').execute()).toEqual([
      { amount: -30n },
      { amount: 30n },
    ]);
  });

  it('applies none of the writes when one of them fails, even outside a transaction', async () => {
    await executeAsOneStatement(db, [openAccount(3n, 5n)]);
    const overdraw = [...post(3n, -10n), openAccount(4n, 0n)];
    await expect(executeAsOneStatement(db, overdraw)).rejects.toThrow(/accounts_balance_check/);
    expect(await db.selectFrom('accounts').select('balance').where('id', '=', 3n).execute()).toEqual([
      { balance: 5n },
    ]);
    expect(await db.selectFrom('accounts').where('id', '=', 4n).selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('journal').where('account_id', '=', 3n).selectAll().execute()).toEqual([]);
  });

  it('checks a foreign key to a row another of the writes inserts at the end of the statement', async () => {
    await executeAsOneStatement(db, [openAccount(5n, 0n), ...post(5n, 7n)]);
    expect(await db.selectFrom('journal').select('amount').where('account_id', '=', 5n).execute()).toEqual([
      { amount: 7n },
    ]);
    await expect(executeAsOneStatement(db, post(6n, 1n))).rejects.toThrow(/journal_account_id_fkey/);
  });

  it('sends nothing when there is nothing to write', async () => {
    const before = statements;
    await executeAsOneStatement(db, []);
    expect(statements).toBe(before);
  });
});
