import type pg from 'pg';
import { Gauge, type Registry } from 'prom-client';

/** A connection pool and the `database` label its metrics carry. */
export interface NamedPool {
  database: string;
  pool: pg.Pool;
}

/**
 * Exposes connections in use, idle and waiting clients of several pools (a sharded service's
 * shards), one series per pool, read at scrape time. Call it once per registry
 * (openServiceDatabase calls it for a service's one pool).
 */
export function registerPoolSetMetrics(registry: Registry, pools: readonly NamedPool[]): void {
  const gauge = (name: string, help: string, read: (pool: pg.Pool) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['database'],
      registers: [registry],
      collect() {
        for (const { database, pool } of pools) this.set({ database }, read(pool));
      },
    });
  gauge('db_pool_connections_in_use', 'Pool connections checked out.', (p) => p.totalCount - p.idleCount);
  gauge('db_pool_connections_idle', 'Pool connections idle.', (p) => p.idleCount);
  gauge('db_pool_waiting_clients', 'Queries waiting for a pool connection.', (p) => p.waitingCount);
}
