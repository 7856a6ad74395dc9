export {
  listenForOutboxInserts,
  type OutboxInsertListener,
  type OutboxInsertListenerOptions,
  outboxInsertListen,
} from './outbox-insert-listener.ts';
export {
  type OutboxBacklog,
  OutboxRelay,
  type OutboxRelayOptions,
  type OutboxRelayParts,
} from './outbox-relay.ts';
export {
  type OutboxMessage,
  type OutboxRelaySession,
  type OutboxTable,
  openOutboxRelaySession,
  unsentEventsSql,
} from './outbox-relay-session.ts';
export { relayOutboxBatch } from './relay-outbox-batch.ts';
export { type OutboxRelaySettings, readOutboxRelaySettings } from './relay-settings.ts';
export { type OutboxRelayService, type RunningOutboxRelay, startOutboxRelay } from './start-outbox-relay.ts';
