import type { EventPublisher, Logger } from '@marketplace/platform';
import {
  OutboxRelay as GenericOutboxRelay,
  type OutboxInsertListener,
  type OutboxRelayOptions,
  type OutboxRelaySession,
} from '@marketplace/platform/outbox';
import type { Registry } from 'prom-client';
import type { LomsDeps } from './ports.ts';

export type { OutboxRelayOptions };

/**
 * LOMS's outbox relay: platform's relay loop over LOMS's outbox, its backlog gauges read from the
 * outbox repository; `listen`, when given, wakes it on commits to the outbox.
 */
export class OutboxRelay extends GenericOutboxRelay {
  constructor(
    deps: LomsDeps,
    openSession: () => Promise<OutboxRelaySession>,
    publisher: EventPublisher,
    options: OutboxRelayOptions,
    log: Logger,
    registry: Registry,
    listen?: (onInsert: () => void) => OutboxInsertListener,
  ) {
    const outbox = deps.store.repos.outbox;
    super({ openSession, listen, publisher, backlog: () => outbox.backlog(), options, log, registry });
  }
}
