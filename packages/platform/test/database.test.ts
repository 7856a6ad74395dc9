import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, inTransaction } from '../src/database.ts';
import { throwawayDatabase } from './throwaway-database.ts';

const testDb = throwawayDatabase('platform_test');
beforeAll(testDb.create);
afterAll(testDb.drop);

describe('createDatabase', () => {
  it('survives the server closing its idle connections, as in a restart, and queries again', async () => {
    const warnings: string[] = [];
    const log = pino(
      { level: 'warn' },
      { write: (line: string) => void warnings.push(JSON.parse(line).msg) },
    );
    const { pool, close } = createDatabase({
      url: testDb.url,
      maxConnections: 2,
      applicationName: 'restart-test',
      log,
    });
    try {
      await pool.query('SELECT 1');
      const admin = new pg.Client({ connectionString: testDb.url });
      await admin.connect();
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'restart-test'",
      );
      await admin.end();
      await expect.poll(() => warnings).toContain('idle database connection lost');
      const { rows } = await pool.query('SELECT 2 AS answer');
      expect(rows).toEqual([{ answer: 2 }]);
    } finally {
      await close();
    }
  });

  it('closes its connections on close, also when only the pool was queried', async () => {
    const database = createDatabase({ url: testDb.url, maxConnections: 2, applicationName: 'pool-only' });
    await Promise.all([database.pool.query('SELECT 1'), database.pool.query('SELECT 2')]);
    await database.close();
    expect(database.pool.ended).toBe(true);
    expect(database.pool.totalCount).toBe(0);
  });

  it('survives the server closing a connection checked out for a transaction while it is idle', async () => {
    const warnings: string[] = [];
    const log = pino(
      { level: 'warn' },
      { write: (line: string) => void warnings.push(JSON.parse(line).msg) },
    );
    const database = createDatabase({
      url: testDb.url,
      maxConnections: 2,
      applicationName: 'in-use-test',
      log,
    });
    try {
      const failed = inTransaction(database.db, async (tx) => {
        await sql`SELECT 1`.execute(tx);
        // The transaction's connection sits idle, checked out of the pool, while the server ends it.
        await terminate('in-use-test');
        // Once the client has heard of it, the next query on this connection must fail.
        while (!warnings.includes('database connection lost')) await new Promise((r) => setTimeout(r, 10));
        await sql`SELECT 2`.execute(tx);
      });
      await expect(failed).rejects.toThrow();
      expect(warnings).toContain('database connection lost');
      const { rows } = await database.pool.query('SELECT 3 AS answer');
      expect(rows).toEqual([{ answer: 3 }]);
    } finally {
      await database.close();
    }
  });
});

async function terminate(applicationName: string) {
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  try {
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
      applicationName,
    ]);
  } finally {
    await client.end();
  }
}
