import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { openServiceBasics } from '../src/service-basics.ts';

// Platform cannot use testkit (which depends on it): a throwaway database on the local server.
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `platform_basics_${randomBytes(4).toString('hex')}`;
const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
const migrations = mkdtempSync(join(tmpdir(), 'migrations-'));
writeFileSync(join(migrations, '0001_things.sql'), 'CREATE TABLE things (id bigint PRIMARY KEY);');
const log = createLogger('basics-test', 'silent');
afterAll(async () => {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => client.end());
});

describe('openServiceBasics', () => {
  it("opens the service's database migrated, names its metrics after it, and is ready while the database answers", async () => {
    const config = { database: { url, maxConnections: 2, migrateOnStart: true } };
    const basics = await openServiceBasics<{ things: { id: bigint } }>(
      'basics-test',
      config,
      migrations,
      log,
    );
    try {
      await sql`INSERT INTO things (id) VALUES (1)`.execute(basics.database.db);
      expect(await basics.database.db.selectFrom('things').select('id').execute()).toEqual([{ id: 1n }]);
      expect(basics.metrics.service).toBe('basics-test');
      expect(await basics.metrics.registry.metrics()).toMatch(/db_pool_\w+\{[^}]*database="basics-test"/);
      expect(basics.log).toBe(log);
      expect(await basics.ready()).toBe(true);
    } finally {
      await basics.database.close();
    }
    expect(await basics.ready()).toBe(false);
  });

  it('leaves the database as it is when the config does not ask to migrate', async () => {
    const config = { database: { url: `${url}_missing`, maxConnections: 1, migrateOnStart: false } };
    const basics = await openServiceBasics('basics-test', config, migrations, log);
    try {
      expect(await basics.ready()).toBe(false);
    } finally {
      await basics.database.close();
    }
  });
});
