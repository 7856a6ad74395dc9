import type pg from 'pg';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerPoolSetMetrics } from '../src/pool-set-metrics.ts';

const pool = (totalCount: number, idleCount: number, waitingCount: number) =>
  ({ totalCount, idleCount, waitingCount }) as pg.Pool;

describe('registerPoolSetMetrics', () => {
  it('exposes one series per pool, read at scrape time', async () => {
    const registry = new Registry();
    const shard1 = { totalCount: 5, idleCount: 1, waitingCount: 3 } as pg.Pool;
    registerPoolSetMetrics(registry, [
      { database: 'shard_0', pool: pool(4, 3, 0) },
      { database: 'shard_1', pool: shard1 },
    ]);
    (shard1 as { idleCount: number }).idleCount = 2;
    const text = await registry.metrics();
    expect(text).toContain('db_pool_connections_in_use{database="shard_0"} 1');
    expect(text).toContain('db_pool_connections_in_use{database="shard_1"} 3');
    expect(text).toContain('db_pool_connections_idle{database="shard_1"} 2');
    expect(text).toContain('db_pool_waiting_clients{database="shard_1"} 3');
  });
});
