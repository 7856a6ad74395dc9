import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, inTransaction } from '../src/database.ts';
import { isStalePreparedStatement, prepareStatementsOn } from '../src/prepared-statements.ts';
import { throwawayDatabase } from './throwaway-database.ts';

const testDb = throwawayDatabase('platform_test');
beforeAll(testDb.create);
afterAll(testDb.drop);

/** The statements prepared on the connection `query` runs on. */
const preparedOn = async (query: (text: string) => Promise<{ rows: Array<{ statement: string }> }>) =>
  (await query('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time')).rows.map(
    (r) => r.statement,
  );

describe('prepared statements', () => {
  it("prepares each parameterised statement once on a pool's connection and runs it again by name", async () => {
    const database = createDatabase({ url: testDb.url, maxConnections: 1 });
    try {
      const select = (n: number) => sql<{ n: number }>`SELECT ${n}::int AS n`.execute(database.db);
      expect((await select(1)).rows).toEqual([{ n: 1 }]);
      expect((await select(2)).rows).toEqual([{ n: 2 }]);
      expect(await preparedOn((text) => database.pool.query(text))).toEqual(['SELECT $1::int AS n']);
    } finally {
      await database.close();
    }
  });

  it('prepares at most `max` texts on a connection and runs the others unnamed', async () => {
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      prepareStatementsOn(client, 2);
      for (const column of ['a', 'b', 'c', 'a'])
        expect((await client.query(`SELECT $1::text AS ${column}`, ['x'])).rows).toEqual([{ [column]: 'x' }]);
      expect(await preparedOn((text) => client.query(text))).toEqual([
        'SELECT $1::text AS a',
        'SELECT $1::text AS b',
      ]);
    } finally {
      await client.end();
    }
  });

  it('prepares a statement afresh after a migration changed its result, and a transaction retries it', async () => {
    const database = createDatabase<{ items: { id: number; name: string } }>({
      url: testDb.url,
      maxConnections: 1,
    });
    const { db } = database;
    try {
      await sql`CREATE TABLE items (id int PRIMARY KEY, name text)`.execute(db);
      await sql`INSERT INTO items VALUES (1, 'one')`.execute(db);
      const read = (on = db) => on.selectFrom('items').selectAll().where('id', '=', 1).execute();
      expect(await read()).toEqual([{ id: 1, name: 'one' }]);

      await sql`ALTER TABLE items ADD COLUMN note text DEFAULT 'new'`.execute(db);
      const stale = await read().catch((err: unknown) => err);
      expect(isStalePreparedStatement(stale)).toBe(true);
      expect(await read()).toEqual([{ id: 1, name: 'one', note: 'new' }]);

      await sql`ALTER TABLE items ADD COLUMN size int DEFAULT 2`.execute(db);
      expect(await inTransaction(db, (tx) => read(tx))).toEqual([
        { id: 1, name: 'one', note: 'new', size: 2 },
      ]);
    } finally {
      await database.close();
    }
  });
});
