import pg from 'pg';
import { type Logger, pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseNameOf, openShardDatabases } from '../../src/infra/shard-databases.ts';
import { createShardTestDatabases } from '../support/shard-test-databases.ts';

let databases: Awaited<ReturnType<typeof createShardTestDatabases>>;
beforeAll(async () => {
  databases = await createShardTestDatabases(2, false);
});
afterAll(() => databases?.drop());

const quiet = pino({ level: 'silent' });
const open = (urls: string[], log: Logger = quiet) =>
  openShardDatabases({ urls, maxConnections: 2, migrate: true, log });

/** Ends every connection the comments service holds to `url`'s database, as a server restart does. */
async function terminateServiceConnections(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'comments'`,
    );
    return rows.length;
  } finally {
    await client.end();
  }
}

describe('openShardDatabases', () => {
  it('migrates every shard, stamps it with its place in the list and answers pings', async () => {
    const shards = await open(databases.urls);
    try {
      expect(await shards.ping()).toBe(true);
      const stamps = await Promise.all(
        shards.shards.map((s) => s.db.selectFrom('shard_identity').select('shard_index').executeTakeFirst()),
      );
      expect(stamps).toEqual([{ shard_index: 0 }, { shard_index: 1 }]);
      expect(shards.shards.map((s) => s.name)).toEqual(
        databases.urls.map((url) => new URL(url).pathname.slice(1)),
      );
    } finally {
      await shards.close();
    }
  });

  it('refuses shards listed in another order than they were stamped with, naming SHARD_URLS', async () => {
    await open(databases.urls).then((shards) => shards.close());
    await expect(open([...databases.urls].reverse())).rejects.toThrow(
      /^SHARD_URLS: database \S+ is shard 1 but is listed as shard 0/,
    );
  });

  it('leaves a new shard unstamped when the shards before it are listed out of order', async () => {
    await open(databases.urls).then((shards) => shards.close());
    const added = await createShardTestDatabases(1, false);
    try {
      const fresh = added.urls[0]!;
      // Shard 0 left out by mistake: shard 1 comes first and the new shard second.
      await expect(open([databases.urls[1]!, fresh])).rejects.toThrow(/listed as shard 0/);
      const shards = await open([...databases.urls, fresh]);
      await shards.close();
    } finally {
      await added.drop();
    }
  });

  it('survives the server ending its idle connections, reports each shard by name, and answers again', async () => {
    const warnings: Array<{ msg: string; database?: string }> = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
    const shards = await open(databases.urls, log);
    try {
      expect(await shards.ping()).toBe(true);
      for (const url of databases.urls) expect(await terminateServiceConnections(url)).toBeGreaterThan(0);
      await expect
        .poll(() =>
          warnings
            .filter((w) => w.msg === 'idle database connection lost')
            .map((w) => w.database)
            .sort(),
        )
        .toEqual(databases.urls.map(databaseNameOf).sort());
      expect(await shards.ping()).toBe(true);
    } finally {
      await shards.close();
    }
  });
});
