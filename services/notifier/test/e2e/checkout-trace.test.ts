import { randomBytes } from 'node:crypto';
import {
  eventually,
  type MarketplaceService,
  type MarketplaceStack,
  resolveKafka,
  startMarketplaceService,
  startMarketplaceServices,
  startOtlpReceiver,
} from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, eventNames } from '../support/event-stack.ts';

const names = eventNames();
let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
let stack: MarketplaceStack;
let notifier: MarketplaceService;

beforeAll(async () => {
  const brokers = await resolveKafka();
  await createTopics(brokers, names);
  otlp = await startOtlpReceiver();
  // No drain period when the suite stops its services.
  const traced = { ...otlp.env(), SHUTDOWN_DRAIN: '0' };
  stack = await startMarketplaceServices({
    services: ['cart'],
    env: {
      loms: {
        ...traced,
        OUTBOX_RELAY_ENABLED: 'true',
        KAFKA_BROKERS: brokers.join(','),
        ORDER_EVENTS_TOPIC: names.topic,
      },
      products: traced,
      cart: traced,
    },
  });
  notifier = await startMarketplaceService('notifier', {
    env: {
      ...traced,
      KAFKA_BROKERS: brokers.join(','),
      ORDER_EVENTS_TOPIC: names.topic,
      DLQ_TOPIC: names.dlq,
      CONSUMER_GROUP: names.group,
    },
  });
}, 300_000);
afterAll(async () => {
  await notifier?.stop();
  await stack?.stop();
  await otlp?.stop();
});

describe('one trace per user action', () => {
  it('follows a checkout from the cart through LOMS, its SQL, the outbox relay and Kafka to the notifier', async () => {
    const cart = stack.httpUrl('cart');
    const user = 4242;
    const add = await fetch(`${cart}/user/${user}/cart/1076963`, { method: 'POST', body: '{"count":1}' });
    expect(add.status).toBe(200);

    const traceId = randomBytes(16).toString('hex');
    const checkout = await fetch(`${cart}/checkout/${user}`, {
      method: 'POST',
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(checkout.status).toBe(200);

    const spansOf = () => otlp.spans.filter((s) => s.traceId === traceId);
    const has = (service: string, kind: number, namePrefix = '') =>
      spansOf().some((s) => s.service === service && s.kind === kind && s.name.startsWith(namePrefix));
    const SERVER = 2;
    const CLIENT = 3;
    const PRODUCER = 4;
    const CONSUMER = 5;
    const seen = () =>
      JSON.stringify(spansOf().map((s) => `${s.service}:${s.kind}:${s.name}`)) +
      ` (all services: ${[...new Set(otlp.spans.map((s) => s.service))].join(', ')})`;
    await eventually(
      () => `cart, loms, SQL, relay and notifier spans in the checkout trace; seen ${seen()}`,
      () =>
        has('cart', SERVER) &&
        has('cart', CLIENT) &&
        has('loms', SERVER) &&
        has('loms', CLIENT, 'pg.query') &&
        has('loms', PRODUCER) &&
        has('notifier', CONSUMER),
      60_000,
    );
    const consumer = spansOf().find((s) => s.service === 'notifier' && s.kind === CONSUMER)!;
    const producer = spansOf().find((s) => s.spanId === consumer.parentSpanId);
    // The notifier's span is the child of the relay's publish span (documented in the notifier README).
    expect(producer).toMatchObject({ service: 'loms', kind: PRODUCER });
  });
});
