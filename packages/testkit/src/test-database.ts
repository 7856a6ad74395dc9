import { randomBytes } from 'node:crypto';
import { migrateDatabase } from '@marketplace/platform';
import pg from 'pg';
import { resolvePostgres, withDatabase } from './postgres.ts';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A throwaway database for one test suite, migrated from `migrationsDir`, so suites run in
 * parallel and leave nothing behind (call `drop` in afterAll).
 */
export async function createTestDatabase(prefix: string, migrationsDir?: string): Promise<TestDatabase> {
  const adminUrl = await resolvePostgres();
  const name = `${prefix}_test_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  const url = withDatabase(adminUrl, name);
  if (migrationsDir) await migrateDatabase(url, migrationsDir);
  return {
    url,
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  };
}

async function adminQuery(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
