import net from 'node:net';
import { eventually } from '@marketplace/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder } from '../../src/app/create-order.ts';
import { startTestLoms, type TestLoms } from '../support/test-loms.ts';

/** A "broker" that accepts connections and never answers: every publish stalls until it times out. */
async function startSilentBroker() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    connections: () => sockets.size,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

let broker: Awaited<ReturnType<typeof startSilentBroker>>;
let t: TestLoms;

beforeAll(async () => {
  broker = await startSilentBroker();
  t = await startTestLoms({
    OUTBOX_RELAY_ENABLED: 'true',
    KAFKA_BROKERS: broker.address,
    ORDER_EVENTS_TOPIC: 'loms.order-events.stalled',
    OUTBOX_POLL_INTERVAL: '50ms',
  });
  await t.addStock(1n, 100n);
});
afterAll(async () => {
  t?.grpc.close();
  await t?.close();
  await broker?.stop();
});

describe('outbox relay while the broker stalls', () => {
  it('holds no transaction open during the publish and stops within the shutdown timeout', async () => {
    await createOrder(t.loms.deps, { userId: 1n, items: [{ sku: 1n, count: 1n }] });
    await eventually('the relay is publishing', () => broker.connections() > 0);
    await new Promise((r) => setTimeout(r, 1_500));

    const { rows } = await sql<{ state: string; query: string }>`
      SELECT state, query FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'`.execute(
      t.db,
    );
    expect(rows).toEqual([]);

    const started = Date.now();
    await t.loms.stop();
    expect(Date.now() - started).toBeLessThan(15_000);

    // Nothing was acknowledged, so nothing is marked sent: the next relay publishes both events.
    const unsent = await t.db.selectFrom('outbox').select('id').where('sent_at', 'is', null).execute();
    expect(unsent).toHaveLength(2);
  }, 90_000);
});
