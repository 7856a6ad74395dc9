import type { Logger } from '@marketplace/platform';
import pg from 'pg';
import type { OutboxMessage, OutboxRelaySession } from '../app/ports.ts';

/** Key of the session-level advisory lock only one relay holds at a time. */
const RELAY_LOCK = 'loms.outbox-relay';
const INT8_OID = 20;

/** ids come back as bigint, like everywhere else in LOMS. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (text: string) => BigInt(text)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The relay's claim: the oldest unsent events, served by outbox_unsent_idx. */
export const UNSENT_EVENTS_SQL =
  'SELECT id, topic, key, payload, headers FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1';

interface OutboxRow {
  id: bigint;
  topic: string;
  key: string;
  payload: string;
  headers: Record<string, string>;
}

/**
 * Opens the relay's own connection (not one of the request pool's, named `loms-outbox-relay` in
 * pg_stat_activity). Every statement commits on its own; the relay lock is a session-level
 * advisory lock, released by `unlock` or when the connection closes or breaks.
 */
export async function openOutboxRelaySession(url: string, log: Logger): Promise<OutboxRelaySession> {
  const client = new pg.Client({
    connectionString: url,
    application_name: 'loms-outbox-relay',
    statement_timeout: 10_000,
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    types,
  });
  // A connection lost while idle reports here; the next statement then fails and the relay opens
  // a new one. Without a listener the 'error' event would end the process.
  client.on('error', (err) => log.warn({ err }, 'outbox relay connection lost'));
  await client.connect();
  let closed: Promise<void> | undefined;

  return {
    async tryLock() {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [RELAY_LOCK],
      );
      return rows[0]?.locked === true;
    },

    async unlock() {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [RELAY_LOCK]);
    },

    async unsent(limit): Promise<OutboxMessage[]> {
      const { rows } = await client.query<OutboxRow>(UNSENT_EVENTS_SQL, [limit]);
      return rows.map((r) => ({
        id: r.id,
        topic: r.topic,
        key: r.key,
        value: r.payload,
        headers: r.headers,
      }));
    },

    async markSent(ids) {
      if (ids.length === 0) return;
      await client.query('UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])', [ids.map(String)]);
    },

    close() {
      closed ??= client.end().catch(() => {});
      return closed;
    },
  };
}
