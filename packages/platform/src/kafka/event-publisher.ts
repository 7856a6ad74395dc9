import type { Span } from '@opentelemetry/api';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import type { Registry } from 'prom-client';
import { SpanKind, SpanStatusCode, startLinkedSpan } from '../telemetry.ts';
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
    if (producer) return producer;
    connecting ??= (async () => {
      // Retries are bounded so a publish fails while the broker is down and the caller backs off;
      // a message sent twice after such a failure is deduplicated by its event id downstream.
      const p = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await p.connect();
      producer = p;
      return p;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  return {
    async publish(events) {
      if (events.length === 0) return;
      const byTopic = new Map<string, OutgoingEvent[]>();
      for (const event of events) byTopic.set(event.topic, [...(byTopic.get(event.topic) ?? []), event]);
      // A producer span per message, child of the trace context the message carries, which the
      // message then carries on to its consumers.
      const spans: Span[] = [];
      const topicMessages = [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((e) => {
          const { span, headers } = startLinkedSpan(`${topic} publish`, SpanKind.PRODUCER, e.headers);
          spans.push(span);
          return { key: e.key, value: e.value, headers };
        }),
      }));
      try {
        const p = await connected();
        await p.sendBatch({ acks: -1, topicMessages });
        for (const span of spans) span.end();
      } catch (err) {
        for (const span of spans) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(err) });
          span.end();
        }
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
