import { Code, ConnectError } from '@connectrpc/connect';

/**
 * Whether an RPC failed in a way a client may simply try again: the server shed load
 * (ResourceExhausted, HTTP 429) or could not be reached or was not serving (Unavailable, HTTP 503).
 */
export function isTransientRpcError(err: unknown): boolean {
  return (
    err instanceof ConnectError && (err.code === Code.ResourceExhausted || err.code === Code.Unavailable)
  );
}

/**
 * The wait a server asked for in the `retry-after` header or trailer of a failed call, in
 * milliseconds: delay-seconds (fractions accepted) or an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMs(err: unknown, now = Date.now()): number | undefined {
  if (!(err instanceof ConnectError)) return undefined;
  const value = err.metadata.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const SERVER_FAILURES = new Set([Code.Unavailable, Code.DeadlineExceeded, Code.Internal, Code.Unknown]);

/**
 * Whether a failed RPC says the server is in trouble (unreachable, too slow, crashing), as a
 * circuit breaker counts failures: not answers about the request (NotFound, InvalidArgument), not
 * load shedding (ResourceExhausted: the server is alive) and not the caller cancelling.
 */
export function isServerFailure(err: unknown): boolean {
  return err instanceof ConnectError && SERVER_FAILURES.has(err.code);
}
