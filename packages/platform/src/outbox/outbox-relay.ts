import { setTimeout as sleep } from 'node:timers/promises';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { EventPublisher } from '../kafka/event-publisher.ts';
import type { Logger } from '../logger.ts';
import { backoffDelayMs } from '../retry.ts';
import { settlesWithin } from '../settles-within.ts';
import type { OutboxInsertListener } from './outbox-insert-listener.ts';
import type { OutboxRelaySession } from './outbox-relay-session.ts';
import { relayOutboxBatch } from './relay-outbox-batch.ts';

export interface OutboxRelayOptions {
  batchSize: number;
  /** Wait between polls when the outbox is empty (or another relay holds the lock). */
  pollIntervalMs: number;
  /** Longest wait between retries while publishing fails (the shared backoff doubles up to it). */
  maxBackoffMs: number;
  /**
   * How long `stop` waits for the batch in hand; a publish still in flight then is abandoned and
   * its messages, not marked sent, are published again by the next relay.
   */
  stopTimeoutMs: number;
}

/** Unsent messages and the age in seconds of the oldest (0 when none). */
export type OutboxBacklog = () => Promise<{ count: number; oldestAgeSeconds: number }>;

export interface OutboxRelayParts {
  openSession: () => Promise<OutboxRelaySession>;
  /**
   * Starts listening for commits to the outbox (see listenForOutboxInserts); `onInsert` ends the
   * relay's idle wait early. Without it the relay only polls.
   */
  listen?: (onInsert: () => void) => OutboxInsertListener;
  publisher: EventPublisher;
  /** Read when Prometheus scrapes the backlog gauges. */
  backlog: OutboxBacklog;
  options: OutboxRelayOptions;
  log: Logger;
  registry: Registry;
}

/**
 * The background loop that drains an outbox into Kafka: polls while idle, runs batch after batch
 * while there is work, and backs off while the broker or the database is unavailable. It works on
 * a connection of its own (see OutboxRelaySession), opened again after any failure. With `listen`,
 * a commit to the outbox ends the idle wait of the relay that holds the lock at once; notifications
 * during a batch coalesce into one more batch, and a relay that found the lock taken keeps its poll
 * interval, so standbys do not contend for the lock on every commit. Metrics:
 * outbox_relayed_total, outbox_relay_failures_total, outbox_backlog_events,
 * outbox_oldest_unsent_age_seconds.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private session: OutboxRelaySession | undefined;
  private readonly stopping = new AbortController();
  /** Set by a notification; the next idle wait then ends at once. */
  private inserted = false;
  /** Ends the idle wait in progress, if it may be woken. */
  private wakeIdle: (() => void) | undefined;
  private listener: OutboxInsertListener | undefined;
  private readonly listen: ((onInsert: () => void) => OutboxInsertListener) | undefined;
  private readonly relayed: Counter;
  private readonly failures: Counter;
  private readonly openSession: () => Promise<OutboxRelaySession>;
  private readonly publisher: EventPublisher;
  private readonly options: OutboxRelayOptions;
  private readonly log: Logger;

  constructor({ openSession, listen, publisher, backlog, options, log, registry }: OutboxRelayParts) {
    this.openSession = openSession;
    this.listen = listen;
    this.publisher = publisher;
    this.options = options;
    this.log = log;
    const registers = [registry];
    this.relayed = new Counter({
      name: 'outbox_relayed_total',
      help: 'Outbox events published and marked sent.',
      registers,
    });
    this.failures = new Counter({
      name: 'outbox_relay_failures_total',
      help: 'Relay batches that failed.',
      registers,
    });
    let lastBacklog = { count: 0, oldestAgeSeconds: 0 };
    const readBacklog = async () => {
      lastBacklog = await backlog().catch(() => lastBacklog);
      return lastBacklog;
    };
    new Gauge({
      name: 'outbox_backlog_events',
      help: 'Outbox events not yet published.',
      registers,
      async collect() {
        this.set((await readBacklog()).count);
      },
    });
    new Gauge({
      name: 'outbox_oldest_unsent_age_seconds',
      help: 'Age of the oldest outbox event not yet published.',
      registers,
      collect() {
        this.set(lastBacklog.oldestAgeSeconds);
      },
    });
  }

  start(): void {
    this.running = true;
    this.listener = this.listen?.(() => {
      this.inserted = true;
      this.wakeIdle?.();
    });
    this.loop = this.run();
  }

  /**
   * Stops polling and waits up to `stopTimeoutMs` for the batch in hand, then closes the relay's
   * connection, which releases the relay lock whether or not that batch finished.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    await this.listener?.close();
    if (!(await settlesWithin(this.loop, this.options.stopTimeoutMs))) {
      this.log.warn(
        { stopTimeoutMs: this.options.stopTimeoutMs },
        'outbox relay stopped during a publish; its events stay unsent and will be published again',
      );
    }
    await this.closeSession();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const session = await this.currentSession();
        // Commits notified from here on may be missed by this batch's read: they wake the next wait.
        this.inserted = false;
        const { published, locked } = await relayOutboxBatch(session, this.publisher, this.options.batchSize);
        this.relayed.inc(published);
        if (failures > 0) this.log.info('outbox relay recovered');
        failures = 0;
        if (published < this.options.batchSize) await this.pause(this.options.pollIntervalMs, locked);
      } catch (err) {
        if (!this.running) return; // a batch abandoned by stop, failing on its closed connection
        this.failures.inc();
        // The connection may be broken; a new one is opened for the next try (the lock goes with it).
        await this.closeSession();
        failures++;
        const retryInMs = backoffDelayMs(failures, { maxDelayMs: this.options.maxBackoffMs });
        this.log.warn({ err, retryInMs }, 'outbox relay failed; retrying');
        await this.pause(retryInMs);
      }
    }
  }

  private async currentSession(): Promise<OutboxRelaySession> {
    if (this.session) return this.session;
    const session = await this.openSession();
    if (!this.running) {
      await session.close();
      throw new Error('outbox relay stopped');
    }
    this.session = session;
    return session;
  }

  private async closeSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.close();
  }

  /** Waits `ms`, until stop, or, when `wakeable`, until a notification (one already in counts). */
  private async pause(ms: number, wakeable = false): Promise<void> {
    if (!wakeable) return sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => {});
    if (this.inserted) return;
    const woken = new AbortController();
    this.wakeIdle = () => woken.abort();
    try {
      await sleep(ms, undefined, { signal: AbortSignal.any([this.stopping.signal, woken.signal]) });
    } catch {
      // stopped or woken
    } finally {
      this.wakeIdle = undefined;
    }
  }
}
