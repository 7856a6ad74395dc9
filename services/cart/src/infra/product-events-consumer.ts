import { hostname } from 'node:os';
import { fromJsonString } from '@bufbuild/protobuf';
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { backoffDelayMs, createKafka, type Logger } from '@marketplace/platform';
import { ProductChangedSchema } from '@marketplace/proto/marketplace/products/v1/product_changed_pb';
import type { ProductCache, ProductChange } from './product-cache.ts';

export interface ProductEventsSettings {
  brokers: readonly string[];
  topic: string;
}

export interface RunningProductEvents {
  stop(): Promise<void>;
}

const MAX_RESTART_DELAY_MS = 10_000;

/** A ProductChanged event's JSON as the cache applies it; throws on anything else. */
export function parseProductChange(value: string): ProductChange {
  const event = fromJsonString(ProductChangedSchema, value, { ignoreUnknownFields: true });
  if (event.sku <= 0n || !event.moment) throw new Error('a product change needs a sku and a moment');
  return {
    product: { sku: event.sku, name: event.name, price: event.price },
    deleted: event.deleted,
    momentMs: timestampMs(event.moment),
  };
}

/**
 * Feeds `cache` with every product change on `topic`: a consumer group of this replica's own (so
 * every replica gets every partition), reading from the latest offset at start and committing
 * nothing. The cache is live from the moment the group is joined; when the consumer crashes or the
 * broker is unreachable, it goes offline (empty) and the consumer starts again with a backoff.
 * Never throws: without Kafka the cart reads products as it would without a cache.
 */
export function startProductEventsConsumer(
  settings: ProductEventsSettings,
  cache: ProductCache,
  log: Logger,
): RunningProductEvents {
  const kafka = createKafka({ brokers: [...settings.brokers], clientId: 'cart', log });
  const groupId = `cart-product-cache-${hostname()}-${process.pid}-${Date.now().toString(36)}`;
  let stopped = false;
  let failures = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let consumer: ReturnType<typeof kafka.consumer> | undefined;

  const restartLater = (err: unknown) => {
    cache.setLive(false);
    if (stopped) return;
    failures++;
    const retryInMs = backoffDelayMs(failures, { maxDelayMs: MAX_RESTART_DELAY_MS });
    log.warn({ err, retryInMs }, 'product events unavailable; the cache is off until they are back');
    restartTimer = setTimeout(() => void run(), retryInMs);
  };

  const run = async () => {
    const current = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 10_000 });
    consumer = current;
    current.on(current.events.GROUP_JOIN, () => {
      failures = 0;
      cache.setLive(true);
      log.info({ topic: settings.topic, groupId }, 'product events joined; the cache is on');
    });
    current.on(current.events.CRASH, ({ payload }) => {
      cache.setLive(false);
      // kafkajs restarts the consumer itself after a retriable crash; otherwise start a new one.
      if (!payload.restart) {
        void current.disconnect().catch(() => {});
        restartLater(payload.error);
      }
    });
    try {
      await current.connect();
      await current.subscribe({ topic: settings.topic, fromBeginning: false });
      await current.run({
        autoCommit: false,
        eachMessage: async ({ message, partition }) => {
          try {
            cache.apply(parseProductChange(message.value?.toString() ?? ''));
          } catch (err) {
            const sku = skuOfKey(message.key?.toString());
            if (sku !== undefined) cache.forget(sku);
            log.warn(
              { err, partition, offset: message.offset },
              'unreadable product event; its sku is evicted',
            );
          }
        },
      });
    } catch (err) {
      await current.disconnect().catch(() => {});
      restartLater(err);
    }
  };

  void run();
  return {
    async stop() {
      stopped = true;
      clearTimeout(restartTimer);
      cache.setLive(false);
      await consumer?.disconnect().catch(() => {});
    },
  };
}

function skuOfKey(key: string | undefined): bigint | undefined {
  return key !== undefined && /^[1-9]\d{0,18}$/.test(key) ? BigInt(key) : undefined;
}
