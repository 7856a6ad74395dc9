import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShardDatabases } from '../../src/infra/shard-databases.ts';
import { createShardTestDatabases } from '../support/shard-test-databases.ts';

let databases: Awaited<ReturnType<typeof createShardTestDatabases>>;
beforeAll(async () => {
  databases = await createShardTestDatabases(2, false);
});
afterAll(() => databases?.drop());

const open = (urls: string[]) => openShardDatabases({ urls, maxConnections: 2, migrate: true });

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
});
