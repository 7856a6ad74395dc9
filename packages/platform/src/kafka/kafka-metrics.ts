import { Counter, Gauge, type Registry } from 'prom-client';

/** Counters and gauges of Kafka traffic, registered once per service registry. */
export interface KafkaMetrics {
  produced: Counter<'topic'>;
  produceFailures: Counter<'topic'>;
  consumed: Counter<'topic' | 'group'>;
  consumeFailures: Counter<'topic' | 'group'>;
  lag: Gauge<'topic' | 'group' | 'partition'>;
}

const cache = new WeakMap<Registry, KafkaMetrics>();

export function kafkaMetrics(registry: Registry): KafkaMetrics {
  const existing = cache.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const metrics: KafkaMetrics = {
    produced: new Counter({
      name: 'kafka_messages_produced_total',
      help: 'Messages acknowledged by the broker.',
      labelNames: ['topic'],
      registers,
    }),
    produceFailures: new Counter({
      name: 'kafka_produce_failures_total',
      help: 'Produce calls that failed (the messages were not acknowledged).',
      labelNames: ['topic'],
      registers,
    }),
    consumed: new Counter({
      name: 'kafka_messages_consumed_total',
      help: 'Messages processed and committed.',
      labelNames: ['topic', 'group'],
      registers,
    }),
    consumeFailures: new Counter({
      name: 'kafka_consume_failures_total',
      help: 'Message processing failures (the message is redelivered).',
      labelNames: ['topic', 'group'],
      registers,
    }),
    lag: new Gauge({
      name: 'kafka_consumer_lag',
      help: 'Messages in the partition after the last one this consumer processed.',
      labelNames: ['topic', 'group', 'partition'],
      registers,
    }),
  };
  cache.set(registry, metrics);
  return metrics;
}
