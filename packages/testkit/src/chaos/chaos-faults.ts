import { withClient } from './chaos-catalog.ts';
import type { ChaosLedger } from './chaos-ledger.ts';
import type { ChaosProcess } from './chaos-process.ts';
import type { ChaosStack } from './chaos-stack.ts';

/** What a fault may use: the stack, the ledger, and a way to send an ingest batch of a size. */
export interface FaultContext {
  stack: ChaosStack;
  ledger: ChaosLedger;
  submitIngestBatch(skus: number, eventsPerSku: number): Promise<string | undefined>;
}

/**
 * One fault: `inject` waits for the moment it is meant for, calls `begin` just before it breaks
 * something, and resolves once that thing is back (restarted and ready).
 */
export interface Fault {
  name: FaultName;
  what: string;
  inject(context: FaultContext, begin: () => void): Promise<void>;
}

export const FAULT_NAMES = [
  'loms',
  'products',
  'cart',
  'notifier',
  'postgres',
  'kafka',
  'slow-products',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls `ready` (for at most `timeoutMs`): a fault waits for its moment, but not forever. */
async function waitFor(ready: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !(await ready())) await sleep(20);
}
/** How long a killed or stopped thing stays down before it is started again. */
const DOWN_MS = 2_000;

async function killAndRestart(process: ChaosProcess, begin: () => void) {
  begin();
  await process.kill('SIGKILL');
  await sleep(DOWN_MS);
  await startAgain(() => process.start());
}

/** Starts a thing again, once more if that failed (a start that timed out on a busy machine). */
async function startAgain(start: () => Promise<void>) {
  await start().catch(() => start());
}

export const FAULTS: Readonly<Record<FaultName, Fault>> = {
  loms: {
    name: 'loms',
    what: 'SIGKILL loms while its relay has events to publish',
    async inject({ stack }, begin) {
      const unsent = () =>
        withClient(
          stack.databases.loms,
          async (c) =>
            Number((await c.query('SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL')).rows[0].n) > 0,
        ).catch(() => false);
      await waitFor(unsent, 5_000);
      await killAndRestart(stack.processes.loms, begin);
    },
  },
  products: {
    name: 'products',
    what: 'SIGKILL products while an ingest batch is half applied',
    async inject({ stack, submitIngestBatch }, begin) {
      const batchId = await submitIngestBatch(40, 5);
      const applied = () =>
        withClient(stack.databases.products, async (c) => {
          const { rows } = await c.query(
            "SELECT count(*) AS n FROM ingest_events WHERE batch_id = $1 AND status = 'applied'",
            [batchId],
          );
          return Number(rows[0].n) > 0;
        }).catch(() => false);
      if (batchId) await waitFor(applied, 10_000);
      await killAndRestart(stack.processes.products, begin);
    },
  },
  cart: {
    name: 'cart',
    what: 'SIGKILL cart while checkouts are in flight',
    async inject({ stack, ledger }, begin) {
      await waitFor(() => ledger.checkoutsInFlight > 0, 10_000);
      await killAndRestart(stack.processes.cart, begin);
    },
  },
  notifier: {
    name: 'notifier',
    what: 'SIGKILL one of two notifier replicas',
    async inject({ stack }, begin) {
      await killAndRestart(stack.processes['notifier-1'], begin);
    },
  },
  postgres: {
    name: 'postgres',
    what: "crash (pg_ctl -m immediate) and restart the stack's PostgreSQL",
    async inject({ stack }, begin) {
      begin();
      await stack.postgres.stop('immediate');
      await sleep(DOWN_MS);
      await startAgain(() => stack.postgres.start());
    },
  },
  kafka: {
    name: 'kafka',
    what: "stop and restart the stack's Kafka broker",
    async inject({ stack }, begin) {
      begin();
      await stack.kafka.stop();
      await sleep(DOWN_MS);
      // A start that timed out leaves the broker running: the second one waits for it.
      await startAgain(() => stack.kafka.start());
    },
  },
  'slow-products': {
    name: 'slow-products',
    what: 'products reads 1 s slower (PRODUCTS_READ_LATENCY) for 10 s',
    async inject({ stack }, begin) {
      begin();
      const products = stack.processes.products;
      await products.stop();
      await startAgain(() => products.start({ PRODUCTS_READ_LATENCY: '1s' }));
      await sleep(10_000);
      await products.stop();
      await startAgain(() => products.start());
    },
  },
};

/** Fault names from a comma-separated list; throws naming an unknown one. */
export function parseFaultNames(text: string): FaultName[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = names.filter((n) => !(FAULT_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0)
    throw new Error(`CHAOS_FAULTS: unknown ${unknown.join(', ')}; faults are ${FAULT_NAMES.join(', ')}`);
  return names as FaultName[];
}
