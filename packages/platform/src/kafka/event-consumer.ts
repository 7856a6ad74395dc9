import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { SpanKind, withSpan, withSpans } from '../telemetry.ts';
import { kafkaMetrics } from './kafka-metrics.ts';

export interface IncomingEvent {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

interface ConsumerBase {
  groupId: string;
  topic: string;
  registry: Registry;
  log: Logger;
}

export type ConsumerOptions = ConsumerBase &
  (
    | {
        /** Processes one event. Throwing leaves its offset uncommitted, so it is delivered again. */
        handle(event: IncomingEvent): Promise<void>;
        handleBatch?: never;
      }
    | {
        /**
         * Processes consecutive events of one partition together (up to `maxBatchEvents` of a
         * fetched batch), e.g. in one transaction. Throwing leaves all their offsets uncommitted, so
         * they are all delivered again.
         */
        handleBatch(events: IncomingEvent[]): Promise<void>;
        /** Most events one `handleBatch` call gets; default 500. */
        maxBatchEvents?: number;
        handle?: never;
      }
  );

const DEFAULT_MAX_BATCH_EVENTS = 500;

export interface RunningConsumer {
  /** Leaves the group after the event in hand is processed and committed. */
  stop(): Promise<void>;
}

/**
 * Runs a consumer-group member that commits offsets only after their events were processed (at
 * the end of each fetched batch, and before stopping or failing), so a restart resumes at the first
 * unprocessed event; a crash mid-batch redelivers the processed part, which handlers must tolerate.
 * Events are handled one at a time (`handle`) or in runs (`handleBatch`); each event is handled in
 * a span whose parent is the producer's trace context (the `traceparent` header).
 */
export async function runKafkaConsumer(kafka: Kafka, options: ConsumerOptions): Promise<RunningConsumer> {
  const { groupId, topic, registry, log } = options;
  const metrics = kafkaMetrics(registry);
  const consumer: Consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      const position = { topic: batch.topic, partition: batch.partition };
      let processed: string | undefined;
      // Commits what was processed: at the end of the batch, and before leaving it early.
      const commit = async () => {
        if (processed === undefined) return;
        const next = (BigInt(processed) + 1n).toString();
        await consumer.commitOffsets([{ ...position, offset: next }]);
        metrics.lag.set(
          { topic, group: groupId, partition: String(batch.partition) },
          Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next))),
        );
        processed = undefined;
      };
      const eventOf = (message: (typeof batch.messages)[number]): IncomingEvent => ({
        ...position,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        value: message.value,
        headers: headersOf(message.headers),
      });
      const failed = async (err: unknown, offset: string) => {
        metrics.consumeFailures.inc({ topic, group: groupId });
        log.error({ err, partition: batch.partition, offset }, 'event processing failed');
        await commit();
      };
      if (options.handleBatch) {
        const size = options.maxBatchEvents ?? DEFAULT_MAX_BATCH_EVENTS;
        for (let i = 0; i < batch.messages.length; i += size) {
          if (!isRunning() || isStale()) break;
          const events = batch.messages.slice(i, i + size).map(eventOf);
          const last = events.at(-1)!.offset;
          try {
            await withSpans(
              `${topic} process`,
              SpanKind.CONSUMER,
              events.map((e) => e.headers),
              () => options.handleBatch(events),
            );
          } catch (err) {
            await failed(err, events[0]!.offset);
            throw err;
          }
          processed = last;
          resolveOffset(last);
          metrics.consumed.inc({ topic, group: groupId }, events.length);
          await heartbeat();
        }
      } else {
        for (const message of batch.messages) {
          if (!isRunning() || isStale()) break;
          const event = eventOf(message);
          try {
            await withSpan(`${topic} process`, { kind: SpanKind.CONSUMER, headers: event.headers }, () =>
              options.handle(event),
            );
          } catch (err) {
            await failed(err, event.offset);
            throw err;
          }
          processed = message.offset;
          resolveOffset(message.offset);
          metrics.consumed.inc({ topic, group: groupId });
          await heartbeat();
        }
      }
      if (!isStale()) await commit();
    },
  });
  return { stop: () => consumer.disconnect() };
}

function headersOf(headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> = {}) {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}
