/**
 * Order events end to end: the outbox relay's throughput (events/s draining a backlog of BACKLOG
 * events, default 10,000, timed from LOMS's start and, apart, from its first batch on), the relay's
 * latency (outbox write to sent) and commit-to-notifier latency at a steady order rate, beside raw kafkajs
 * produce-to-consume latency on the same broker (the ceiling). Prints a table; writes
 * bench-results/order-events.json. RATE (orders/s, default 40) and SECONDS (default 10) set the
 * steady phase.
 */
import { randomUUID } from 'node:crypto';
import { createDatabase, createKafka, createLogger, ensureTopics } from '@marketplace/platform';
import {
  eventually,
  printTable,
  quantile,
  readBenchSettings,
  resolveKafka,
  startLomsProcess,
  startMarketplaceService,
  writeBenchResults,
} from '@marketplace/testkit';
import { pino } from 'pino';
import { createTopics, eventNames } from '../test/support/event-stack.ts';

const { RATE, SECONDS, BACKLOG } = readBenchSettings({ RATE: 40, SECONDS: 10, BACKLOG: 10_000 });

const brokers = await resolveKafka();
const names = eventNames();
const kafka = await createTopics(brokers, names);
const benchLog = createLogger('notifier:bench', 'warn');
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50Ms: Number(quantile(sorted, 0.5).toFixed(1)),
    p99Ms: Number(quantile(sorted, 0.99).toFixed(1)),
  };
};

// 1. Relay throughput: a backlog written straight into the outbox, drained by a fresh LOMS. It goes to
// a topic of its own, so the notifier below measures only the steady phase.
const backlogTopic = `${names.topic}.backlog`;
await ensureTopics(kafka, [{ topic: backlogTopic, numPartitions: 2 }]);
let started = 0;
const loms = await startLomsProcess({
  bundled: true,
  env: {
    OUTBOX_RELAY_ENABLED: 'true',
    KAFKA_BROKERS: brokers.join(','),
    ORDER_EVENTS_TOPIC: names.topic,
    OUTBOX_POLL_INTERVAL: '20ms',
    OUTBOX_BATCH_SIZE: '500',
    SHUTDOWN_DRAIN: '0',
  },
  // The backlog is in the outbox before LOMS starts; the clock runs from its start.
  async prepare([url]) {
    const seeding = createDatabase({ url: url!, maxConnections: 1, log: benchLog });
    try {
      await seeding.pool.query(
        `INSERT INTO outbox (event_id, topic, key, payload, headers)
         SELECT gen_random_uuid(), $1, (i % 1000)::text,
                json_build_object('order_id', i % 1000 + 1, 'status', 'new', 'moment', to_char(now() AT TIME ZONE 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text,
                jsonb_build_object('event-id', gen_random_uuid()::text)
         FROM generate_series(1, $2) AS i`,
        [backlogTopic, BACKLOG],
      );
    } finally {
      await seeding.close();
    }
    started = performance.now();
  },
});
const lomsData = createDatabase({ url: loms.databaseUrls[0]!, maxConnections: 10, log: benchLog });
const lomsPool = lomsData.pool;
const unsent = async () =>
  Number((await lomsPool.query('SELECT count(*) FROM outbox WHERE sent_at IS NULL')).rows[0].count);
await eventually('the backlog drained', async () => (await unsent()) === 0, 300_000);
const relaySeconds = (performance.now() - started) / 1000;
// The same drain without LOMS's start: the events sent after the first batch was marked, over the
// time from that mark to the last.
const drain = (
  await lomsPool.query<{ after: string; seconds: number }>(
    `SELECT count(*) FILTER (WHERE sent_at > first) AS after,
            extract(epoch FROM max(sent_at) - min(sent_at))::float8 AS seconds
       FROM outbox, (SELECT min(sent_at) AS first FROM outbox) f`,
  )
).rows[0]!;
const drainRate = drain.seconds > 0 ? Math.round(Number(drain.after) / drain.seconds) : Number.NaN;
await lomsPool.query('DELETE FROM outbox');

// 2. Commit-to-notifier latency at a steady order rate (the notifier runs from its bundle, as it ships).
const notifier = await startMarketplaceService('notifier', {
  bundled: true,
  env: {
    KAFKA_BROKERS: brokers.join(','),
    ORDER_EVENTS_TOPIC: names.topic,
    DLQ_TOPIC: names.dlq,
    CONSUMER_GROUP: names.group,
  },
});
await fetch(`${loms.httpUrl}/stock/set`, {
  method: 'POST',
  body: '{"sku":"1","totalCount":100000000}',
});
const steadyStart = new Date();
const statuses: Promise<number>[] = [];
for (let i = 0; i < RATE * SECONDS; i++) {
  statuses.push(
    fetch(`${loms.httpUrl}/order/create`, {
      method: 'POST',
      body: '{"userId":"1","items":[{"sku":"1","count":1}]}',
    }).then(
      (res) => res.status,
      () => 0,
    ),
  );
  await new Promise((r) => setTimeout(r, 1000 / RATE));
}
const answered = await Promise.all(statuses);
const created = answered.filter((status) => status === 200).length;
if (created < answered.length) {
  const failures = answered.filter((status) => status !== 200);
  console.warn(`${failures.length} order creations failed, statuses: ${[...new Set(failures)].join(', ')}`);
}
const expected = created * 2;
const notifierData = createDatabase({ url: notifier.databaseUrls[0]!, maxConnections: 10, log: benchLog });
const notifierPool = notifierData.pool;
const processed = async () =>
  (
    await notifierPool.query<{ ms: number }>(
      'SELECT extract(epoch FROM processed_at - moment) * 1000 AS ms FROM processed_events WHERE moment >= $1',
      [steadyStart],
    )
  ).rows;
await eventually('every event at the notifier', async () => (await processed()).length >= expected, 120_000);
const endToEnd = summary((await processed()).map((r) => Number(r.ms)));
// The relay's part of it: from the outbox write (its transaction's start) to marked sent.
const relayed = summary(
  (
    await lomsPool.query<{ ms: number }>(
      'SELECT extract(epoch FROM sent_at - created_at) * 1000 AS ms FROM outbox WHERE sent_at IS NOT NULL',
    )
  ).rows.map((r) => Number(r.ms)),
);

// 3. Ceiling: raw kafkajs produce-to-consume latency on the same broker at the same message rate.
const raw = createKafka({ brokers, clientId: 'bench', log: pino({ level: 'silent' }) });
const producer = raw.producer();
const consumer = raw.consumer({ groupId: `bench-${randomUUID()}` });
const rawLatencies: number[] = [];
await Promise.all([producer.connect(), consumer.connect()]);
await consumer.subscribe({ topic: names.dlq, fromBeginning: false });
await consumer.run({
  eachMessage: async ({ message }) => void rawLatencies.push(performance.now() - Number(message.value)),
});
await new Promise((r) => setTimeout(r, 3_000)); // let the group settle before producing
for (let i = 0; i < expected; i++) {
  await producer.send({ topic: names.dlq, messages: [{ key: String(i), value: String(performance.now()) }] });
  await new Promise((r) => setTimeout(r, 1000 / (RATE * 2)));
}
await eventually('raw messages consumed', () => rawLatencies.length >= expected, 60_000);
const ceiling = summary(rawLatencies);

const rows = [
  {
    measure: 'relay throughput (events/s)',
    value: Math.round(BACKLOG / relaySeconds),
    ceiling: '-',
    ratio: '-',
  },
  {
    measure: 'relay drain, LOMS start excluded (events/s)',
    value: drainRate,
    ceiling: '-',
    ratio: '-',
  },
  { measure: 'outbox write -> sent p50 (ms)', value: relayed.p50Ms, ceiling: '-', ratio: '-' },
  { measure: 'outbox write -> sent p99 (ms)', value: relayed.p99Ms, ceiling: '-', ratio: '-' },
  {
    measure: 'commit -> notifier p50 (ms)',
    value: endToEnd.p50Ms,
    ceiling: ceiling.p50Ms,
    ratio: (endToEnd.p50Ms / ceiling.p50Ms).toFixed(1),
  },
  {
    measure: 'commit -> notifier p99 (ms)',
    value: endToEnd.p99Ms,
    ceiling: ceiling.p99Ms,
    ratio: (endToEnd.p99Ms / ceiling.p99Ms).toFixed(1),
  },
];
printTable(`Order events (${RATE} orders/s for ${SECONDS} s; ceiling = raw kafkajs produce->consume)`, rows);
console.log(
  `\nresults: ${writeBenchResults('order-events', { rate: RATE, seconds: SECONDS, backlog: BACKLOG, relaySeconds, drainRate, relayed, endToEnd, ceiling })}`,
);

await Promise.all([producer.disconnect(), consumer.disconnect()]);
await Promise.all([lomsData.close(), notifierData.close()]);
await notifier.stop();
await loms.stop();
