import type { Logger } from '@marketplace/platform';
import {
  type OutboxInsertListener,
  type OutboxRelaySession,
  type OutboxTable,
  openOutboxRelaySession as openSession,
  outboxInsertListen,
  unsentEventsSql,
} from '@marketplace/platform/outbox';

/**
 * LOMS's outbox: rows carry their topic; one relay at a time holds `loms.outbox-relay`; inserts
 * notify `outbox_inserted` (migration 005).
 */
const LOMS_OUTBOX: OutboxTable = {
  table: 'outbox',
  lockKey: 'loms.outbox-relay',
  applicationName: 'loms-outbox-relay',
  notifyChannel: 'outbox_inserted',
};

/** The relay's claim: the oldest unsent events, served by outbox_unsent_idx. */
export const UNSENT_EVENTS_SQL = unsentEventsSql(LOMS_OUTBOX);

/**
 * Opens the relay's own connection (named `loms-outbox-relay` in pg_stat_activity); see platform's
 * openOutboxRelaySession.
 */
export function openOutboxRelaySession(url: string, log: Logger): Promise<OutboxRelaySession> {
  return openSession(url, LOMS_OUTBOX, log);
}

/**
 * The relay's wake-up on commits to the outbox: a LISTEN connection of its own, named
 * `loms-outbox-relay-listener` in pg_stat_activity; see platform's listenForOutboxInserts.
 */
export function listenForOutboxInserts(
  url: string,
  log: Logger,
): (onInsert: () => void) => OutboxInsertListener {
  // LOMS_OUTBOX names a channel, so there is always a listener.
  return outboxInsertListen(url, LOMS_OUTBOX, log)!;
}
