import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFleetRateLimiter } from '../../src/fleet-rate-limit/fleet-rate-limiter.ts';
import {
  createPostgresRateBuckets,
  type SharedRateBuckets,
} from '../../src/fleet-rate-limit/shared-rate-buckets.ts';

// Platform cannot use testkit (which depends on it): a throwaway database on the local server, with
// the table as the services' migrations create it.
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `platform_fleet_${randomBytes(4).toString('hex')}`;
const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
const migration = new URL('../../../../migrations/cart/003_rate_limit_buckets.sql', import.meta.url);
const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(sql).finally(() => client.end());
};
let pool: pg.Pool;
beforeAll(async () => {
  await admin(`CREATE DATABASE ${name}`);
  pool = new pg.Pool({ connectionString: url, max: 6 });
  await pool.query(await readFile(migration, 'utf8'));
});
afterAll(async () => {
  await pool?.end();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

const bucketName = () => `test:${randomBytes(4).toString('hex')}`;

/** A store that counts the round trips it is asked for. */
function counted(store: SharedRateBuckets) {
  const counter = {
    takes: 0,
    store: {
      take: (...args: Parameters<SharedRateBuckets['take']>) => {
        counter.takes++;
        return store.take(...args);
      },
    } satisfies SharedRateBuckets,
  };
  return counter;
}

describe('createPostgresRateBuckets', () => {
  it('starts a bucket full, gives whole tokens up to what is asked, then says when the next is due', async () => {
    const buckets = createPostgresRateBuckets(pool);
    const bucket = bucketName();
    const limit = { ratePerSecond: 2, burst: 5 };
    expect(await buckets.take(bucket, limit, 3)).toEqual({ granted: 3, retryAfterMs: 0 });
    expect((await buckets.take(bucket, limit, 3)).granted).toBe(2);
    const empty = await buckets.take(bucket, limit, 3);
    expect(empty.granted).toBe(0);
    expect(empty.retryAfterMs).toBeGreaterThan(0);
    expect(empty.retryAfterMs).toBeLessThanOrEqual(500);
  });
});

describe('createFleetRateLimiter', () => {
  it('lets three replicas together take no more than the burst plus the rate over the time passed', async () => {
    const bucket = bucketName();
    const shared = createPostgresRateBuckets(pool);
    const replicas = [1, 2, 3].map(() =>
      createFleetRateLimiter({ bucket, ratePerSecond: 20, burst: 10, shared }),
    );
    const started = performance.now();
    let taken = 0;
    // Each replica alone allows 10 + 20/s: three that did not share would take about three times that.
    await Promise.all(
      replicas.map(async (limiter) => {
        while (performance.now() - started < 1500) {
          if ((await limiter.tryTake()).ok) taken++;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    expect(taken).toBeLessThanOrEqual(10 + 20 * seconds);
    expect(taken).toBeGreaterThanOrEqual(30);
  });

  it('makes waiting replicas take turns within the fleet’s rate', { timeout: 10_000 }, async () => {
    const bucket = bucketName();
    const shared = createPostgresRateBuckets(pool);
    const replicas = [1, 2].map(() =>
      createFleetRateLimiter({ bucket, ratePerSecond: 10, burst: 2, shared }),
    );
    const started = performance.now();
    // 2 at once, then 10/s: the 12th token is due after a second.
    await Promise.all(Array.from({ length: 12 }, (_, i) => replicas[i % 2]!.take()));
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('asks the store once per lease, and refuses without asking while the replica is over the limit', async () => {
    const counter = counted(createPostgresRateBuckets(pool));
    const limiter = createFleetRateLimiter({
      bucket: bucketName(),
      ratePerSecond: 1,
      burst: 100,
      lease: 10,
      shared: counter.store,
    });
    for (let i = 0; i < 100; i++) expect((await limiter.tryTake()).ok).toBe(true);
    expect(counter.takes).toBe(10);
    for (let i = 0; i < 50; i++) expect((await limiter.tryTake()).ok).toBe(false);
    expect(counter.takes).toBe(10);
  });

  it('keeps the whole limit in the replica while the store is unreachable, and says so', async () => {
    const down = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', max: 1 });
    const warnings: string[] = [];
    const log = pino(
      { level: 'warn' },
      { write: (line: string) => void warnings.push(JSON.parse(line).msg) },
    );
    const limiter = createFleetRateLimiter({
      bucket: bucketName(),
      ratePerSecond: 1,
      burst: 5,
      shared: createPostgresRateBuckets(down),
      log,
    });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push((await limiter.tryTake()).ok);
    await down.end();
    expect(answers).toEqual([true, true, true, true, true, false, false, false]);
    expect(warnings).toEqual(['shared rate limit unreachable: this replica limits on its own for now']);
  });
});
