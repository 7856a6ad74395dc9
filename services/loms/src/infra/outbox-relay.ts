import { setTimeout as sleep } from 'node:timers/promises';
import type { EventPublisher, Logger } from '@marketplace/platform';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { LomsDeps } from '../app/ports.ts';
import { relayOutboxBatch } from '../app/relay-outbox.ts';

export interface OutboxRelayOptions {
  batchSize: number;
  /** Wait between polls when the outbox is empty. */
  pollIntervalMs: number;
  /** Longest wait between retries while publishing fails (backoff doubles up to it). */
  maxBackoffMs: number;
}

/**
 * The background loop that drains the outbox into Kafka: polls while idle, runs batch after batch
 * while there is work, and backs off while the broker or the database is unavailable.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private readonly wake = new AbortController();
  private readonly relayed: Counter;
  private readonly failures: Counter;

  constructor(
    private readonly deps: LomsDeps,
    private readonly publisher: EventPublisher,
    private readonly options: OutboxRelayOptions,
    private readonly log: Logger,
    registry: Registry,
  ) {
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
    const outbox = deps.store.repos.outbox;
    let lastBacklog = { count: 0, oldestAgeSeconds: 0 };
    const readBacklog = async () => {
      lastBacklog = await outbox.backlog().catch(() => lastBacklog);
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
    this.loop = this.run();
  }

  /** Finishes the batch in hand, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    let backoffMs = 0;
    while (this.running) {
      try {
        const published = await relayOutboxBatch(this.deps, this.publisher, this.options.batchSize);
        this.relayed.inc(published);
        if (backoffMs > 0) this.log.info('outbox relay recovered');
        backoffMs = 0;
        if (published < this.options.batchSize) await this.pause(this.options.pollIntervalMs);
      } catch (err) {
        this.failures.inc();
        backoffMs = Math.min(this.options.maxBackoffMs, Math.max(100, backoffMs * 2));
        this.log.warn({ err, retryInMs: backoffMs }, 'outbox relay failed; retrying');
        await this.pause(backoffMs);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.wake.signal }).catch(() => {});
  }
}
