import type { Kafka, Producer } from 'kafkajs';
import type { Registry } from 'prom-client';
import { kafkaMetrics } from './kafka-metrics.ts';

export interface OutgoingEvent {
  topic: string;
  key: string;
  value: string | Buffer;
  headers: Record<string, string>;
}

/** Publishes events and resolves only once the broker acknowledged all of them (acks=all). */
export interface EventPublisher {
  publish(events: readonly OutgoingEvent[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * An idempotent kafkajs producer with one request in flight, so retries neither duplicate nor
 * reorder messages of a partition. After a failure it reconnects on the next publish.
 */
export function createKafkaPublisher(kafka: Kafka, registry: Registry): EventPublisher {
  const metrics = kafkaMetrics(registry);
  let producer: Producer | undefined;
  let connecting: Promise<Producer> | undefined;

  const connected = () => {
    connecting ??= (async () => {
      const p = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await p.connect();
      producer = p;
      return p;
    })().finally(() => {
      connecting = undefined;
    });
    return producer ?? connecting;
  };

  return {
    async publish(events) {
      if (events.length === 0) return;
      const byTopic = new Map<string, OutgoingEvent[]>();
      for (const event of events) byTopic.set(event.topic, [...(byTopic.get(event.topic) ?? []), event]);
      try {
        const p = await connected();
        await p.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, list]) => ({
            topic,
            messages: list.map((e) => ({ key: e.key, value: e.value, headers: e.headers })),
          })),
        });
      } catch (err) {
        for (const topic of byTopic.keys()) metrics.produceFailures.inc({ topic });
        const failed = producer;
        producer = undefined;
        await failed?.disconnect().catch(() => {});
        throw err;
      }
      for (const [topic, list] of byTopic) metrics.produced.inc({ topic }, list.length);
    },
    async close() {
      await producer?.disconnect();
      producer = undefined;
    },
  };
}
