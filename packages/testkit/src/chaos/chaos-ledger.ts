import { createLoadReport } from '../load/load-report.ts';

/** What a caller saw: an HTTP status, or no answer at all. */
export type CallOutcome = number | 'network' | 'timeout';

/** One request of the run: when it started and ended (ms since the run began), where it went, what came back. */
export interface CallRecord {
  atMs: number;
  endMs: number;
  route: string;
  outcome: CallOutcome;
}

/**
 * Whether an operation took effect, as far as its caller knows: `acked` (2xx), `refused` (4xx:
 * nothing happened) or `unknown` (5xx, no answer, timeout: it may or may not have happened).
 */
export type AckState = 'acked' | 'refused' | 'unknown';

export interface CartWrite {
  userId: bigint;
  sku: bigint;
  count: bigint;
  state: AckState;
}

export interface CheckoutRecord {
  userId: bigint;
  /** The order the cart answered with, when a checkout attempt was acknowledged. */
  orderId: bigint | undefined;
  state: AckState;
}

export interface OrderAction {
  orderId: bigint;
  action: 'pay' | 'cancel';
  state: AckState;
}

export interface IngestRecord {
  batchId: string | undefined;
  events: Array<{ sku: bigint; stock: bigint; price: bigint }>;
  state: AckState;
}

/** Every call and every operation of the run with what its caller was told. */
export function createChaosLedger(startedAt = performance.now()) {
  const calls: CallRecord[] = [];
  const routes = createLoadReport();
  let checkoutsInFlight = 0;
  return {
    calls,
    routes,
    cartWrites: [] as CartWrite[],
    checkouts: [] as CheckoutRecord[],
    orderActions: [] as OrderAction[],
    ingests: [] as IngestRecord[],
    get checkoutsInFlight() {
      return checkoutsInFlight;
    },
    checkoutStarted() {
      checkoutsInFlight++;
    },
    checkoutEnded() {
      checkoutsInFlight--;
    },
    elapsedMs: () => performance.now() - startedAt,
    record(route: string, startedMs: number, outcome: CallOutcome) {
      const endMs = performance.now() - startedAt;
      calls.push({ atMs: startedMs, endMs, route, outcome });
      const ok = typeof outcome === 'number' && outcome < 500;
      routes.record(route, endMs - startedMs, ok ? undefined : String(outcome));
    },
  };
}

export type ChaosLedger = ReturnType<typeof createChaosLedger>;

/** The state an answer means for the operation that asked. */
export function ackState(outcome: CallOutcome): AckState {
  if (typeof outcome !== 'number' || outcome >= 500) return 'unknown';
  return outcome < 300 ? 'acked' : 'refused';
}

/** Sends one request, records it under `route`, and answers the outcome and body text. */
export async function tracedCall(
  ledger: ChaosLedger,
  route: string,
  url: string,
  init: RequestInit = {},
  timeoutMs = 10_000,
): Promise<{ outcome: CallOutcome; body: string }> {
  const startedMs = ledger.elapsedMs();
  let result: { outcome: CallOutcome; body: string };
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    result = { outcome: res.status, body: await res.text() };
  } catch (err) {
    result = { outcome: (err as Error).name === 'TimeoutError' ? 'timeout' : 'network', body: '' };
  }
  ledger.record(route, startedMs, result.outcome);
  return result;
}
