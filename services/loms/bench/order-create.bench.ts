/**
 * OrderCreate throughput and latency over gRPC at 1, 8 and 32 concurrent clients, beside the same
 * transaction run directly with pg from this process (the ceiling), with the CPU time each Node
 * process spends per order. Prints a table and writes bench-results/loms-order-create.json. ORDERS
 * (default 2000) sets the orders per run. Events go to a topic of the bench's own, deleted at the
 * end, never to the stack's `loms.order-events`.
 */
import { randomUUID } from 'node:crypto';
import { createKafka, createLogger, ensureTopics } from '@marketplace/platform';
import { orderEventOf, writeOrderEventJson } from '@marketplace/platform/order-event';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import {
  cpuMsOf,
  type LoadResult,
  printTable,
  readBenchSettings,
  resolveKafka,
  runLoad,
  startBenchService,
  writeBenchResults,
} from '@marketplace/testkit';
import pg from 'pg';

const { ORDERS } = readBenchSettings({ ORDERS: 2000 });
const CONCURRENCY = [1, 8, 32];
const SKUS = Array.from({ length: 100 }, (_, i) => 1_000_000 + i);
const TOPIC = `bench.order-events.${randomUUID().slice(0, 8)}`;

/** 1-3 distinct skus per order, the same sequence for both runs. */
const itemsFor = (i: number) =>
  [...new Set([SKUS[i % 100]!, SKUS[(i * 7) % 100]!, SKUS[(i * 13) % 100]!].slice(0, 1 + (i % 3)))].map(
    (sku) => ({
      sku,
      count: 1,
    }),
  );

/**
 * The transaction OrderCreate runs, written out with pg (its events on the bench's topic): the most a
 * Node process gets from this database. Four round trips: BEGIN; the order's id with its stock rows
 * locked; the order, its items, the reservation and both events in one statement; COMMIT. Both
 * statements are prepared once per connection (named).
 */
async function createOrderDirectly(pool: pg.Pool, i: number) {
  const items = itemsFor(i).sort((a, b) => a.sku - b.sku);
  const [skus, counts] = [items.map((it) => it.sku), items.map((it) => it.count)];
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query({
      name: 'bench-order-lock',
      text: `WITH next AS MATERIALIZED (SELECT nextval('orders_id_seq') AS id),
       locked AS MATERIALIZED (
         SELECT sku, total_count, reserved FROM stocks WHERE sku = ANY($1::bigint[]) ORDER BY sku FOR UPDATE)
       SELECT next.id, locked.sku, locked.total_count, locked.reserved FROM next LEFT JOIN locked ON true`,
      values: [skus],
    });
    const orderId = BigInt(rows[0].id);
    const moment = new Date();
    const [created, awaiting] = [randomUUID(), randomUUID()];
    await client.query({
      name: 'bench-order-write',
      text: `WITH o AS (INSERT INTO orders (id, user_id, status, created_at, status_changed_at)
                  VALUES ($1, 1, 'awaiting payment', $4, $4)),
       i AS (INSERT INTO order_items (order_id, sku, count)
             SELECT $1, v.sku, v.count FROM unnest($2::bigint[], $3::bigint[]) AS v (sku, count)),
       s AS (UPDATE stocks s SET reserved = s.reserved + v.c
             FROM unnest($2::bigint[], $3::bigint[]) AS v (sku, c) WHERE s.sku = v.sku)
       INSERT INTO outbox (event_id, topic, key, payload, headers) VALUES
         ($5, $7, $1, $8, $9), ($6, $7, $1, $10, $11)`,
      values: [
        orderId.toString(),
        skus,
        counts,
        moment,
        created,
        awaiting,
        TOPIC,
        writeOrderEventJson(orderEventOf(orderId, 'new', moment)),
        { 'event-id': created },
        writeOrderEventJson(orderEventOf(orderId, 'awaiting payment', moment)),
        { 'event-id': awaiting },
      ],
    });
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

/**
 * CPU time per order of each Node process in a run (ms): the service (its calls and its relay) and
 * this process as the grpc-js client, and this process as the ceiling's pg client. PostgreSQL's
 * share is the same in both runs: the same statements.
 */
interface OrderCpu {
  service: number;
  grpcClient: number;
  ceiling: number;
}

const brokers = await resolveKafka();
const kafka = createKafka({ brokers, clientId: 'loms-bench', log: createLogger('loms-bench', 'warn') });
await ensureTopics(kafka, [{ topic: TOPIC, numPartitions: 2 }]);
const loms = await startBenchService('loms', LomsService, {
  // The relay publishes to Kafka as in production: its share of the database is part of the cost.
  env: { OUTBOX_RELAY_ENABLED: 'true', ORDER_EVENTS_TOPIC: TOPIC, KAFKA_BROKERS: brokers.join(',') },
});
const pool = new pg.Pool({ connectionString: loms.databaseUrls[0], max: 20 });
await pool.query(
  'INSERT INTO stocks (sku, total_count, reserved) SELECT unnest($1::bigint[]), 1000000000000, 0',
  [SKUS],
);

try {
  const warmup = (run: (i: number) => Promise<unknown>) => runLoad(8, 200, run);
  const viaGrpc = (i: number) =>
    loms.client.call('orderCreate', {
      userId: 1n,
      items: itemsFor(i).map((it) => ({ ...it, sku: BigInt(it.sku) })),
    });
  const direct = (i: number) => createOrderDirectly(pool, i);
  await warmup(viaGrpc);
  await warmup(direct);
  const rows: Array<Record<string, unknown>> = [];
  const results: Array<{ grpc: LoadResult; ceiling: LoadResult; cpuMsPerOrder: OrderCpu }> = [];
  for (const concurrency of CONCURRENCY) {
    const orders = concurrency === 1 ? Math.ceil(ORDERS / 4) : ORDERS;
    const [service0, client0] = [cpuMsOf(loms.pid), cpuMsOf()];
    const grpc = await runLoad(concurrency, orders, viaGrpc);
    const [service1, client1] = [cpuMsOf(loms.pid), cpuMsOf()];
    const ceiling = await runLoad(concurrency, orders, direct);
    const perOrder = (ms: number) => Number((ms / orders).toFixed(2));
    const cpuMsPerOrder = {
      service: perOrder(service1 - service0),
      grpcClient: perOrder(client1 - client0),
      ceiling: perOrder(cpuMsOf() - client1),
    };
    results.push({ grpc, ceiling, cpuMsPerOrder });
    rows.push({
      clients: concurrency,
      orders,
      'grpc orders/s': grpc.perSecond,
      'grpc p50 ms': grpc.p50Ms,
      'grpc p99 ms': grpc.p99Ms,
      'pg orders/s': ceiling.perSecond,
      'pg p50 ms': ceiling.p50Ms,
      'pg p99 ms': ceiling.p99Ms,
      'grpc/pg': (grpc.perSecond / ceiling.perSecond).toFixed(2),
      'CPU ms/order: service': cpuMsPerOrder.service,
      'grpc client': cpuMsPerOrder.grpcClient,
      'pg client': cpuMsPerOrder.ceiling,
      errors: grpc.errors + ceiling.errors,
    });
  }
  printTable('LOMS OrderCreate over gRPC vs the same transaction with pg directly', rows);
  console.log(`\nresults: ${writeBenchResults('loms-order-create', { orders: ORDERS, runs: results })}`);
} finally {
  await pool.end();
  await loms.stop();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [TOPIC] }).finally(() => admin.disconnect());
}
