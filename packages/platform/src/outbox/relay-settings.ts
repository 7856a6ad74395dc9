import type { EnvReader } from '../config.ts';

/** Most a relay may wait for its batch in hand at stop: the whole shutdown gets 15 s. */
const MAX_RELAY_STOP_TIMEOUT_MS = 10_000;

/**
 * The settings of a service's outbox relay: OUTBOX_RELAY_ENABLED (true), KAFKA_BROKERS
 * (127.0.0.1:9092, comma-separated), OUTBOX_BATCH_SIZE (100), OUTBOX_POLL_INTERVAL (100ms),
 * OUTBOX_MAX_BACKOFF (5s), OUTBOX_STOP_TIMEOUT (5s, at most 10s).
 */
export function readOutboxRelaySettings(read: EnvReader) {
  const settings = {
    relayEnabled: read.bool('OUTBOX_RELAY_ENABLED', true),
    kafkaBrokers: read.string('KAFKA_BROKERS', '127.0.0.1:9092').split(','),
    batchSize: read.int('OUTBOX_BATCH_SIZE', 100, { min: 1, max: 10_000 }),
    pollIntervalMs: read.durationMs('OUTBOX_POLL_INTERVAL', '100ms'),
    maxBackoffMs: read.durationMs('OUTBOX_MAX_BACKOFF', '5s'),
    stopTimeoutMs: read.durationMs('OUTBOX_STOP_TIMEOUT', '5s'),
  };
  if (settings.stopTimeoutMs > MAX_RELAY_STOP_TIMEOUT_MS)
    read.problem('OUTBOX_STOP_TIMEOUT', 'must be at most 10s (the whole shutdown gets 15s)');
  return settings;
}

export type OutboxRelaySettings = ReturnType<typeof readOutboxRelaySettings>;
