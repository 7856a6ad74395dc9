import type { CircuitBreaker } from './circuit-breaker.ts';
import { retryWithBackoff } from './retry.ts';
import { isTransientRpcError, retryAfterMs } from './rpc-client-errors.ts';

/** Options a Connect client call takes: pass them on, e.g. `client.getProduct(req, options)`. */
export interface AttemptOptions {
  signal: AbortSignal;
  timeoutMs: number;
}

export interface ResilientCallOptions {
  /** Deadline of each attempt (the wait for a rate-limit token is not part of it). */
  timeoutMs: number;
  /** Attempts in all for transient failures (ResourceExhausted, Unavailable); default 3. */
  attempts?: number;
  /** First backoff between attempts (default 100 ms); a `retry-after` from the server wins when longer. */
  baseDelayMs?: number;
  /** Client-side rate limit: each attempt waits for a token (callers slow down, they are not refused). */
  limiter?: { take(signal?: AbortSignal): Promise<void> };
  /** Each attempt runs through it, so an open circuit fails at once and is not retried. */
  breaker?: CircuitBreaker;
  onRetry?: (info: { attempt: number; delayMs: number; err: unknown }) => void;
}

/** Runs one unary RPC with the given per-attempt options; rejects with the ConnectError of the call. */
export type ResilientCall = <T>(
  call: (options: AttemptOptions) => Promise<T>,
  signal?: AbortSignal,
) => Promise<T>;

/**
 * Wraps unary RPCs of one client in the usual client-side policies, outermost first: retry with
 * backoff on transient failures (honouring `retry-after`), circuit breaker, rate-limit token, and a
 * deadline per attempt. Only for calls that are safe to repeat (reads, idempotency-keyed writes).
 */
export function createResilientCall(options: ResilientCallOptions): ResilientCall {
  const { timeoutMs, limiter, breaker } = options;
  const attempt = async <T>(call: (o: AttemptOptions) => Promise<T>, signal: AbortSignal) => {
    await limiter?.take(signal);
    return call({ signal, timeoutMs });
  };
  return (call, signal = new AbortController().signal) =>
    retryWithBackoff(
      () => (breaker ? breaker.execute((inner) => attempt(call, inner), signal) : attempt(call, signal)),
      {
        attempts: options.attempts ?? 3,
        baseDelayMs: options.baseDelayMs,
        retryable: isTransientRpcError,
        delayHintMs: retryAfterMs,
        signal,
        onRetry: options.onRetry,
      },
    );
}
