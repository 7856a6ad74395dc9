import pg from 'pg';
import { bigintTypes } from '../database.ts';
import type { Logger } from '../logger.ts';
import { createStatementPreparer } from '../prepared-statements.ts';

/** An event as stored in an outbox, ready to publish as is. */
export interface OutboxMessage {
  id: bigint;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * The relay's own database connection, used outside any transaction: a publish that stalls holds
 * no transaction, no row lock and no connection of the request pool. The relay lock belongs to the
 * connection, so a relay that dies or loses its connection releases it.
 */
export interface OutboxRelaySession {
  /**
   * Makes this session the only relaying one until it closes, true at once when it already is;
   * false while another session holds it (one relay at a time keeps each key's events in order).
   * Kept across batches, a batch costs two statements (read, mark sent), not four; a standby takes
   * over when the holder stops, dies, or fails a batch (which closes its session).
   */
  tryLock(): Promise<boolean>;
  /** Up to `limit` unsent messages, oldest first. */
  unsent(limit: number): Promise<OutboxMessage[]>;
  markSent(ids: readonly bigint[]): Promise<void>;
  /** Closes the connection (releasing the lock); safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Where a relay finds its outbox. The table has `id bigserial`, `key`, `payload`, `headers jsonb`,
 * `sent_at timestamptz` (NULL until published) and, unless `topic` is given, a `topic` column.
 */
export interface OutboxTable {
  /** Table name; default `outbox`. */
  table?: string;
  /** Name of the advisory lock only one relay of this outbox holds at a time. */
  lockKey: string;
  /** The connection's name in pg_stat_activity. */
  applicationName: string;
  /** Publishes every message to this topic instead of the row's `topic` column. */
  topic?: string;
  /**
   * The channel a statement-level insert trigger on the table notifies (`pg_notify(channel, '')`);
   * when set, the relay wakes on it instead of waiting for its next poll.
   */
  notifyChannel?: string;
}

/** The relay's claim: the oldest unsent events (serve it with an index on id WHERE sent_at IS NULL). */
export function unsentEventsSql({ table = 'outbox', topic }: Pick<OutboxTable, 'table' | 'topic'>): string {
  const columns = topic === undefined ? 'id, topic, key, payload, headers' : 'id, key, payload, headers';
  return `SELECT ${columns} FROM ${table} WHERE sent_at IS NULL ORDER BY id LIMIT $1`;
}

interface OutboxRow {
  id: bigint;
  topic?: string;
  key: string;
  payload: string;
  headers: Record<string, string>;
}

/**
 * Opens a relay's own connection (not one of the request pool's). Every statement commits on its
 * own; the relay lock is a session-level advisory lock, released when the connection closes or
 * breaks.
 */
export async function openOutboxRelaySession(
  url: string,
  outbox: OutboxTable,
  log: Logger,
): Promise<OutboxRelaySession> {
  const table = outbox.table ?? 'outbox';
  const unsentSql = unsentEventsSql(outbox);
  const client = new pg.Client({
    connectionString: url,
    application_name: outbox.applicationName,
    statement_timeout: 10_000,
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    types: bigintTypes,
  });
  // A connection lost while idle reports here; the next statement then fails and the relay opens
  // a new one. Without a listener the 'error' event would end the process.
  client.on('error', (err) => log.warn({ err }, 'outbox relay connection lost'));
  createStatementPreparer()(client);
  await client.connect();
  let closed: Promise<void> | undefined;
  let locked = false;

  return {
    async tryLock() {
      if (locked) return true;
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [outbox.lockKey],
      );
      locked = rows[0]?.locked === true;
      return locked;
    },

    async unsent(limit): Promise<OutboxMessage[]> {
      const { rows } = await client.query<OutboxRow>(unsentSql, [limit]);
      return rows.map((r) => ({
        id: r.id,
        topic: outbox.topic ?? r.topic ?? '',
        key: r.key,
        value: r.payload,
        headers: r.headers,
      }));
    },

    async markSent(ids) {
      if (ids.length === 0) return;
      await client.query(`UPDATE ${table} SET sent_at = now() WHERE id = ANY($1::bigint[])`, [
        ids.map(String),
      ]);
    },

    close() {
      closed ??= client.end().catch(() => {});
      return closed;
    },
  };
}
