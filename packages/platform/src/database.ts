import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { ServiceMetrics } from './metrics.ts';
import { ensureDatabase, migrateDatabase } from './migrations.ts';
import { registerPoolSetMetrics } from './pool-set-metrics.ts';
import { createStatementPreparer, isStalePreparedStatement } from './prepared-statements.ts';
import { retryWithBackoff } from './retry.ts';

/**
 * What repository functions run queries on: the database or an open transaction (a kysely
 * `Transaction` is a `Kysely`). A signature taking an Executor says it can join a transaction.
 */
export type Executor<DB> = Kysely<DB>;

export interface DatabaseOptions {
  url: string;
  /** Pool size (default 10). */
  maxConnections?: number;
  /** Server-side statement timeout, so no query outlives its caller's deadline by much (default 10s). */
  statementTimeoutMs?: number;
  applicationName?: string;
  /** Where to report connections the server closed while idle (a database restart, a DROP). */
  log?: Logger;
}

export interface Database<DB> {
  db: Kysely<DB>;
  pool: pg.Pool;
  close(): Promise<void>;
}

const INT8_OID = 20;

/** int8 columns come back as bigint (ids can exceed 2^53); everything else as pg parses it. */
export const bigintTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (text: string) => BigInt(text)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Opens a pool and a typed query builder over it. */
export function createDatabase<DB>(options: DatabaseOptions): Database<DB> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    application_name: options.applicationName,
    connectionTimeoutMillis: 5_000,
    types: bigintTypes,
  });
  // An idle connection the server closes (restart, failover) is dropped from the pool and replaced
  // on the next query; without this listener its 'error' event would end the process.
  pool.on('error', (err) => options.log?.warn({ err }, 'idle database connection lost'));
  // The pool listens only while a connection is idle in it. One checked out (a transaction between
  // two statements) emits 'error' on the client itself: its next statement fails, the pool drops it
  // on release, and this listener keeps the event from ending the process.
  const prepareStatementsOn = createStatementPreparer();
  pool.on('connect', (client) => {
    prepareStatementsOn(client);
    client.on('error', (err) => {
      if (!idle.has(client)) options.log?.warn({ err }, 'database connection lost');
    });
  });
  const idle = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => idle.delete(client));
  pool.on('release', (_err, client) => idle.add(client));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const close = async () => {
    await db.destroy();
    // Kysely ends the pool only once it has used it: a caller that queried the pool alone has not.
    if (!pool.ended) await pool.end();
  };
  return { db, pool, close };
}

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock detected

/**
 * Runs `work` in one transaction, retrying a bounded number of times when PostgreSQL aborts it
 * for a serialization failure or deadlock (the work must be safe to run again), after a short
 * random wait so that the transactions that collided do not collide again; and once a prepared
 * statement went stale under a migration, which its next run prepares afresh.
 */
export function inTransaction<DB, T>(
  db: Kysely<DB>,
  work: (tx: Executor<DB>) => Promise<T>,
  attempts = 3,
): Promise<T> {
  return retryWithBackoff(() => db.transaction().execute(work), {
    attempts,
    baseDelayMs: 5,
    maxDelayMs: 50,
    retryable: (err) => RETRYABLE.has((err as { code?: string }).code ?? '') || isStalePreparedStatement(err),
  });
}

/** True when the database answers a trivial query. */
export async function pingDatabase(pool: pg.Pool): Promise<boolean> {
  try {
    await pool.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** A service's database settings, as its config reads them. */
export interface ServiceDatabaseSettings {
  url: string;
  maxConnections: number;
  /** Create the database if missing and apply `migrationsDir` before opening (dev and tests). */
  migrateOnStart: boolean;
}

/**
 * Migrates (when asked) and opens the database of the service whose `metrics` these are: its
 * connections are named after the service, its pool's gauges (db_pool_*, `database` label: the
 * service) join the service's registry, and lost connections are reported on `log`.
 */
export async function openServiceDatabase<DB>(
  settings: ServiceDatabaseSettings,
  migrationsDir: string,
  { metrics, log }: { metrics: Pick<ServiceMetrics, 'service' | 'registry'>; log: Logger },
): Promise<Database<DB>> {
  if (settings.migrateOnStart) {
    await ensureDatabase(settings.url);
    await migrateDatabase(settings.url, migrationsDir);
  }
  const database = createDatabase<DB>({
    url: settings.url,
    maxConnections: settings.maxConnections,
    applicationName: metrics.service,
    log,
  });
  registerPoolSetMetrics(metrics.registry, [{ pool: database.pool, database: metrics.service }]);
  return database;
}

/**
 * For a one-off command (a seed): creates the database if missing, applies `migrationsDir`, and
 * runs `work` on a one-connection database, closed afterwards whatever happens.
 */
export async function withMigratedDatabase<DB, T>(
  url: string,
  migrationsDir: string,
  work: (db: Kysely<DB>) => Promise<T>,
): Promise<T> {
  await ensureDatabase(url);
  await migrateDatabase(url, migrationsDir);
  const { db } = createDatabase<DB>({ url, maxConnections: 1 });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}
