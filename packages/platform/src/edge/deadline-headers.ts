import type { IncomingHttpHeaders } from 'node:http';

/** The longest wait a Node timer can hold (about 24.8 days); longer ones fire after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const GRPC_UNIT_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1_000, m: 1, u: 1e-3, n: 1e-6 };

/**
 * Caps a request's deadline (`grpc-timeout`, `connect-timeout-ms`) at what a Node timer can hold.
 * Both protocols allow far longer ones (`99999999H`, eleven thousand years), which the Connect
 * handler would set as a timer that Node fires after 1 ms: the call would end DEADLINE_EXCEEDED at
 * once. A deadline that long means no deadline to speak of; 24.8 days is as good.
 */
export function capDeadlineHeaders(headers: IncomingHttpHeaders): void {
  const grpc = headers['grpc-timeout'];
  const parsed = typeof grpc === 'string' ? /^(\d{1,8})([HMSmun])$/.exec(grpc) : null;
  if (parsed && Number.parseInt(parsed[1]!, 10) * GRPC_UNIT_MS[parsed[2]!]! > MAX_TIMER_MS)
    headers['grpc-timeout'] = `${Math.floor(MAX_TIMER_MS / 1000)}S`;
  const connect = headers['connect-timeout-ms'];
  if (
    typeof connect === 'string' &&
    /^\d{1,10}$/.test(connect) &&
    Number.parseInt(connect, 10) > MAX_TIMER_MS
  )
    headers['connect-timeout-ms'] = String(MAX_TIMER_MS);
}
