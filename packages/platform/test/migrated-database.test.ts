import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { withMigratedDatabase } from '../src/database.ts';

// Platform cannot use testkit (which depends on it): a throwaway database on the local server.
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `platform_seed_${randomBytes(4).toString('hex')}`;
const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
const migrations = mkdtempSync(join(tmpdir(), 'migrations-'));
writeFileSync(join(migrations, '0001_things.sql'), 'CREATE TABLE things (id bigint PRIMARY KEY);');
afterAll(async () => {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => client.end());
});

const connectionsTo = async (database: string) => {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
      [database],
    );
    return rows[0].n as number;
  } finally {
    await client.end();
  }
};

describe('withMigratedDatabase', () => {
  it('creates and migrates the database, runs the work on it and closes it afterwards, even when the work fails', async () => {
    const inserted = await withMigratedDatabase(url, migrations, async (db) => {
      await sql`INSERT INTO things (id) VALUES (1)`.execute(db);
      return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM things`.execute(db)).rows[0]?.n;
    });
    expect(inserted).toBe(1);
    await expect(
      withMigratedDatabase(url, migrations, async () => {
        throw new Error('seed failed');
      }),
    ).rejects.toThrow('seed failed');
    expect(await connectionsTo(name)).toBe(0);
  });
});
