import type { Logger } from 'pino';
import {
  type Database,
  openServiceDatabase,
  pingDatabase,
  type ServiceDatabaseSettings,
} from './database.ts';
import { createServiceMetrics, type ServiceMetrics } from './metrics.ts';

/** What every server of a service is given: the service's metrics, its readiness and its log. */
export interface ServiceBasics {
  metrics: ServiceMetrics;
  /** Whether the service can take traffic now (/readyz, gRPC health). */
  ready: () => Promise<boolean>;
  log: Logger;
}

/** The basics of a service that owns one database, and that database. */
export interface DatabaseServiceBasics<DB> extends ServiceBasics {
  database: Database<DB>;
}

/**
 * What a service with one database starts from: its metrics (named `service`), the database its
 * config declares, migrated when the config asks and opened (openServiceDatabase), and a readiness
 * that pings it.
 */
export async function openServiceBasics<DB>(
  service: string,
  config: { database: ServiceDatabaseSettings },
  migrationsDir: string,
  log: Logger,
): Promise<DatabaseServiceBasics<DB>> {
  const metrics = createServiceMetrics(service);
  const database = await openServiceDatabase<DB>(config.database, migrationsDir, { metrics, log });
  return { metrics, database, ready: () => pingDatabase(database.pool), log };
}
