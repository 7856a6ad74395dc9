import type { Logger } from '@marketplace/platform';
import {
  type OutboxRelaySession,
  type OutboxTable,
  openOutboxRelaySession as openSession,
  unsentEventsSql,
} from '@marketplace/platform/outbox';

/** LOMS's outbox: rows carry their topic; one relay at a time holds `loms.outbox-relay`. */
const LOMS_OUTBOX: OutboxTable = {
  table: 'outbox',
  lockKey: 'loms.outbox-relay',
  applicationName: 'loms-outbox-relay',
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
