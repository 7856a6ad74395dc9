import { createTestDatabase, freePort, startServiceProcess } from '@marketplace/testkit';

const REPO = new URL('../../../../', import.meta.url).pathname;

/**
 * A real LOMS started as a child process over its own throwaway database (its code is never
 * imported), with helpers over its REST API; `env` adds to or overrides its settings.
 */
export async function startLomsProcess(env: Record<string, string> = {}) {
  const db = await createTestDatabase('loms', `${REPO}migrations/loms`);
  const [grpcPort, httpPort] = [await freePort(), await freePort()];
  const httpBase = `http://127.0.0.1:${httpPort}`;
  const loms = await startServiceProcess({
    cwd: `${REPO}services/loms`,
    entry: 'src/main.ts',
    env: {
      DATABASE_URL: db.url,
      GRPC_PORT: String(grpcPort),
      HTTP_PORT: String(httpPort),
      HOST: '127.0.0.1',
      MIGRATE_ON_START: 'false',
      OUTBOX_RELAY_ENABLED: 'false', // no Kafka needed: these tests look at stock only
      LOG_LEVEL: 'warn',
      ...env,
    },
    readyUrl: `${httpBase}/readyz`,
  });
  const post = (path: string, body: unknown) =>
    fetch(`${httpBase}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return {
    grpcAddress: `127.0.0.1:${grpcPort}`,
    /** Available stock of a sku from LOMS's /stock/info, or undefined when LOMS has none. */
    async stockInfo(sku: bigint | number | string): Promise<number | undefined> {
      const res = await fetch(`${httpBase}/stock/info?sku=${sku}`);
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`stock/info ${sku}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { count: number }).count;
    },
    /** Reserves `count` of a sku with an order awaiting payment. */
    async reserve(sku: bigint | number, count: number): Promise<void> {
      const res = await post('/order/create', { userId: '1', items: [{ sku: String(sku), count }] });
      if (!res.ok) throw new Error(`order/create: ${res.status} ${await res.text()}`);
    },
    async stockSet(sku: bigint | number, totalCount: number): Promise<void> {
      const res = await post('/stock/set', { sku: String(sku), totalCount });
      if (!res.ok) throw new Error(`stock/set: ${res.status} ${await res.text()}`);
    },
    async stop() {
      await loms.stop();
      await db.drop();
    },
  };
}

export type LomsProcess = Awaited<ReturnType<typeof startLomsProcess>>;
