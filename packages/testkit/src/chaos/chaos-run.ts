import { Rng } from '../fuzz/prng.ts';
import {
  type FaultRecovery,
  type FaultWindow,
  faultRecoveries,
  forbiddenAnswers,
  RECOVERED_RATE,
  timeline,
} from './caller-outcomes.ts';
import { createChaosCatalog, withClient } from './chaos-catalog.ts';
import { FAULTS, type FaultContext, type FaultName } from './chaos-faults.ts';
import { submitIngestBatch } from './chaos-ingest.ts';
import {
  checkCart,
  checkEvents,
  checkExpiry,
  checkIngest,
  checkOrders,
  checkStock,
  type InvariantResult,
} from './chaos-invariants.ts';
import { createChaosLedger } from './chaos-ledger.ts';
import { chaosShopper } from './chaos-shopper.ts';
import { type ChaosStack, startChaosStack } from './chaos-stack.ts';
import { readStackSnapshot } from './stack-snapshot.ts';

export interface ChaosOptions {
  durationS: number;
  /** Shoppers started per second. */
  rate: number;
  /** Injected one at a time, in this order, each at least once, again while the duration lasts. */
  faults: FaultName[];
  /** Load without faults first, the baseline. */
  warmupS: number;
  /** Load without faults after each fault, to recover. */
  gapS: number;
  paymentTimeoutS: number;
  /** Seconds after a fault ended by which the success rate must be back. */
  recoveryBoundS: number;
  /** Seconds between the background ingest batches. */
  ingestEveryS: number;
  seed: number;
  logDir: string;
  /** One line per fault on stderr as it happens. */
  progress?: boolean;
}

export interface ChaosReport {
  options: ChaosOptions;
  flows: number;
  requests: number;
  /** Seconds the stack took to settle after the load. */
  settleS: number;
  faults: FaultRecovery[];
  /** Faults whose injection itself failed, with the error. */
  faultErrors: string[];
  invariants: InvariantResult[];
  routes: Array<Record<string, string | number>>;
  /** Per second: calls started and how many failed, to see each fault's dip. */
  timeline: ReturnType<typeof timeline>;
  ok: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the chaos stack, drives shoppers at a fixed rate and ingest batches for `durationS`
 * while the faults are injected one at a time with recovery gaps, lets the stack settle, checks
 * every invariant against the databases and what callers saw, and stops the stack.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const rng = new Rng(options.seed);
  const random = () => rng.next();
  const catalog = createChaosCatalog(5_000 + 50 * Math.ceil(options.durationS));
  const stack = await startChaosStack({
    logDir: options.logDir,
    paymentTimeout: `${options.paymentTimeoutS}s`,
    catalog,
    readyTimeoutMs: 180_000,
  });
  try {
    return await driveAndCheck(stack, options, catalog, random);
  } finally {
    await stack.stop();
  }
}

async function driveAndCheck(
  stack: ChaosStack,
  options: ChaosOptions,
  catalog: ReturnType<typeof createChaosCatalog>,
  random: () => number,
): Promise<ChaosReport> {
  const ledger = createChaosLedger();
  const say = (text: string) =>
    options.progress &&
    process.stderr.write(`[${(ledger.elapsedMs() / 1000).toFixed(1).padStart(6)} s] ${text}\n`);
  const { processes } = stack;
  const urls = {
    cart: processes.cart.httpUrl,
    products: processes.products.httpUrl,
    loms: processes.loms.httpUrl,
    productsApiKey: stack.productsApiKey,
  };
  const products = { url: urls.products, apiKey: stack.productsApiKey };
  const context: FaultContext = {
    stack,
    ledger,
    submitIngestBatch: (skus, eventsPerSku) =>
      submitIngestBatch(products, catalog, ledger, skus, eventsPerSku, random),
  };

  const windows: FaultWindow[] = [];
  const faultErrors: string[] = [];
  const durationMs = options.durationS * 1000;
  const faulting = (async () => {
    await sleep(options.warmupS * 1000);
    // Every fault once, however long they take; then again from the first while the duration lasts.
    for (let i = 0; i < options.faults.length || ledger.elapsedMs() + options.gapS * 1000 < durationMs; i++) {
      const fault = FAULTS[options.faults[i % options.faults.length]!];
      let startedMs = ledger.elapsedMs();
      say(`fault ${fault.name}: ${fault.what}`);
      try {
        await fault.inject(context, () => {
          startedMs = ledger.elapsedMs();
        });
      } catch (err) {
        faultErrors.push(`${fault.name}: ${(err as Error).message}`);
      }
      windows.push({ fault: fault.name, what: fault.what, startedMs, endedMs: ledger.elapsedMs() });
      say(`fault ${fault.name}: over after ${((ledger.elapsedMs() - startedMs) / 1000).toFixed(1)} s`);
      await sleep(options.gapS * 1000);
    }
  })();
  let faultsDone = false;
  void faulting.finally(() => {
    faultsDone = true;
  });

  // Shoppers at a fixed rate until the duration is over and the last fault had its recovery gap.
  const flows: Promise<void>[] = [];
  const firstUser = 2n ** 62n;
  const ingests: Promise<unknown>[] = [];
  let nextIngestMs = 0;
  for (let i = 0; ledger.elapsedMs() < durationMs || !faultsDone; i++) {
    flows.push(chaosShopper(urls, firstUser + BigInt(i), ledger, random));
    if (ledger.elapsedMs() >= nextIngestMs) {
      ingests.push(context.submitIngestBatch(5, 2));
      nextIngestMs += options.ingestEveryS * 1000;
    }
    await sleep(Math.max(0, ((i + 1) / options.rate) * 1000 - ledger.elapsedMs()));
  }
  const loadEndMs = ledger.elapsedMs();
  await Promise.all([...flows, ...ingests, faulting]);
  say(`load over: ${flows.length} shoppers, ${ledger.calls.length} requests; settling`);

  const settleStarted = ledger.elapsedMs();
  await settle(stack, (options.paymentTimeoutS + 90) * 1000);
  const settleS = (ledger.elapsedMs() - settleStarted) / 1000;
  say(`settled in ${settleS.toFixed(1)} s; checking`);

  const snapshot = await readStackSnapshot(stack.databases);
  const totals = new Map(snapshot.stocks.map((s) => [s.sku, s.total]));
  const recoveries = faultRecoveries(ledger.calls, windows, loadEndMs, options.recoveryBoundS);
  const { serverErrors, outsideFaults } = forbiddenAnswers(ledger.calls, windows, recoveries);
  const describe = (c: { atMs: number; route: string; outcome: unknown }) =>
    `${c.route} at ${(c.atMs / 1000).toFixed(1)} s: ${c.outcome}`;
  const invariants: InvariantResult[] = [
    ...checkStock(snapshot),
    checkOrders(snapshot, ledger),
    ...checkEvents(snapshot),
    checkExpiry(snapshot, options.paymentTimeoutS * 1000, 5_000),
    checkCart(snapshot, ledger),
    checkIngest(snapshot, ledger, totals),
    {
      invariant: 'callers never saw a 5xx other than 503/504',
      ok: serverErrors.length === 0,
      detail: `${serverErrors.length} of ${ledger.calls.length} requests`,
      problems: serverErrors.slice(0, 5).map(describe),
    },
    {
      invariant: 'outside faults and their recovery every request was answered',
      ok: outsideFaults.length === 0,
      detail: `${outsideFaults.length} of ${ledger.calls.length} requests`,
      problems: outsideFaults.slice(0, 5).map(describe),
    },
    {
      invariant: `success rate back to ${RECOVERED_RATE * 100}% within ${options.recoveryBoundS} s after each fault`,
      ok: recoveries.length > 0 && recoveries.every((r) => r.ok) && faultErrors.length === 0,
      detail: `${recoveries.length} faults, ${recoveries.filter((r) => !r.ok).length} not recovered in time`,
      problems: faultErrors,
    },
  ];
  return {
    options,
    flows: flows.length,
    requests: ledger.calls.length,
    settleS,
    faults: recoveries,
    faultErrors,
    invariants,
    routes: ledger.routes.rows(),
    timeline: timeline(ledger.calls),
    ok: invariants.every((i) => i.ok),
  };
}

/**
 * Waits (at most `timeoutMs`) until nothing is in flight any more: every outbox event relayed and
 * processed by the notifier, every ingest batch finished, no order still awaiting payment.
 */
async function settle(stack: ChaosStack, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const count = (url: string, sql: string) =>
    withClient(url, async (c) => Number((await c.query(sql)).rows[0].n));
  while (Date.now() < deadline) {
    const [unsent, committed, awaiting, processed, unfinished] = await Promise.all([
      count(stack.databases.loms, 'SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL'),
      count(stack.databases.loms, 'SELECT count(*) AS n FROM outbox'),
      count(stack.databases.loms, "SELECT count(*) AS n FROM orders WHERE status = 'awaiting payment'"),
      count(stack.databases.notifier, 'SELECT count(*) AS n FROM processed_events'),
      count(stack.databases.products, 'SELECT count(*) AS n FROM ingest_batches WHERE finished_at IS NULL'),
    ]).catch(() => [1, 0, 0, 0, 0]);
    if (unsent === 0 && processed >= committed && awaiting === 0 && unfinished === 0) return;
    await sleep(500);
  }
}
