import pg from 'pg';
import type { Logger } from '../logger.ts';
import { backoffDelayMs } from '../retry.ts';
import type { OutboxTable } from './outbox-relay-session.ts';

/** A LISTEN connection that calls back when events are committed to an outbox. */
export interface OutboxInsertListener {
  /** Stops listening and closes the connection; safe to call more than once. */
  close(): Promise<void>;
}

export interface OutboxInsertListenerOptions {
  url: string;
  /** The channel the outbox's insert trigger notifies (`pg_notify(channel, '')`). */
  channel: string;
  /** The connection's name in pg_stat_activity. */
  applicationName: string;
  /** Longest wait between reconnection attempts (the shared backoff doubles up to it); default 5 s. */
  maxBackoffMs?: number;
  log: Logger;
  /**
   * Called on each notification, and once after every (re)connection, since a notification sent
   * while no connection listened is lost. Must not throw.
   */
  onInsert: () => void;
}

/**
 * Listens on `channel` over a connection of its own (a pooled connection cannot keep a LISTEN).
 * A lost connection is opened again with backoff until `close`; meanwhile the relay's poll is
 * the only wake-up, so nothing waits longer than it would without notifications.
 */
export function listenForOutboxInserts(options: OutboxInsertListenerOptions): OutboxInsertListener {
  const { url, channel, applicationName, maxBackoffMs = 5_000, log, onInsert } = options;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;
  let closed = false;

  const reconnectLater = (err: unknown) => {
    if (closed || retry) return;
    failures++;
    const retryInMs = backoffDelayMs(failures, { maxDelayMs: maxBackoffMs });
    log.warn({ err, retryInMs }, 'outbox notification connection lost; relying on polling meanwhile');
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, retryInMs);
  };

  const connect = async () => {
    const next = new pg.Client({
      connectionString: url,
      application_name: applicationName,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    let lost = false;
    const onLost = (err: unknown) => {
      if (lost) return;
      lost = true;
      next.end().catch(() => {});
      if (client === next) client = undefined;
      reconnectLater(err);
    };
    next.on('error', onLost);
    next.on('end', () => onLost(new Error('connection ended')));
    next.on('notification', (message) => {
      if (message.channel === channel) onInsert();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      onLost(err);
      return;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    if (failures > 0) log.info('outbox notification connection restored');
    failures = 0;
    onInsert();
  };

  void connect();
  return {
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(retry);
      retry = undefined;
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}

/**
 * The relay's `listen` part for `outbox`: a listener named `<applicationName>-listener` on its
 * notifyChannel, or undefined (polling only) when the outbox has none.
 */
export function outboxInsertListen(
  url: string,
  outbox: OutboxTable,
  log: Logger,
): ((onInsert: () => void) => OutboxInsertListener) | undefined {
  const channel = outbox.notifyChannel;
  if (channel === undefined) return undefined;
  const applicationName = `${outbox.applicationName}-listener`;
  return (onInsert) => listenForOutboxInserts({ url, channel, applicationName, log, onInsert });
}
