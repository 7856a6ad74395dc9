import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, inTransaction } from '../src/database.ts';
import { createStatementPreparer } from '../src/prepared-statements.ts';
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
      createStatementPreparer(2)(client);
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

  it('prepares a statement afresh on each connection once a migration changed its result, its caller never told', async () => {
    const database = createDatabase({ url: testDb.url, maxConnections: 2 });
    const { pool } = database;
    const select = 'SELECT * FROM items WHERE id = $1';
    /** Runs `query` on both connections of the pool at once, then gives them back. */
    const onBoth = async <T>(query: (client: pg.PoolClient) => Promise<T>): Promise<T[]> => {
      const clients = await Promise.all([pool.connect(), pool.connect()]);
      try {
        return await Promise.all(clients.map(query));
      } finally {
        for (const client of clients) client.release();
      }
    };
    try {
      await pool.query('CREATE TABLE items (id int PRIMARY KEY, name text)');
      await pool.query("INSERT INTO items VALUES (1, 'one')");
      await onBoth((client) => client.query(select, [1]));
      expect(await onBoth(async (client) => (await preparedOn((text) => client.query(text))).length)).toEqual(
        [1, 1],
      );

      await pool.query("ALTER TABLE items ADD COLUMN note text DEFAULT 'new'");
      const answers = await onBoth((client) => client.query(select, [1]));
      expect(answers.map((a) => a.rows)).toEqual([
        [{ id: 1, name: 'one', note: 'new' }],
        [{ id: 1, name: 'one', note: 'new' }],
      ]);
    } finally {
      await database.close();
    }
  });

  it('runs a transaction again when a statement in it went stale under a migration', async () => {
    const database = createDatabase<{ things: { id: number; name: string } }>({
      url: testDb.url,
      maxConnections: 1,
    });
    const { db } = database;
    try {
      await sql`CREATE TABLE things (id int PRIMARY KEY, name text)`.execute(db);
      await sql`INSERT INTO things VALUES (1, 'one')`.execute(db);
      const read = (on: typeof db) => on.selectFrom('things').selectAll().where('id', '=', 1).execute();
      let runs = 0;
      const work = (tx: typeof db) => {
        runs++;
        return read(tx);
      };
      expect(await inTransaction(db, work)).toEqual([{ id: 1, name: 'one' }]);
      await sql`ALTER TABLE things ADD COLUMN size int DEFAULT 2`.execute(db);
      runs = 0;
      expect(await inTransaction(db, work)).toEqual([{ id: 1, name: 'one', size: 2 }]);
      expect(runs).toBe(2);
    } finally {
      await database.close();
    }
  });
});
