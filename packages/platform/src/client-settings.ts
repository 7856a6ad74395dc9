import type { ClientBreakerSettings } from './client-policies.ts';
import type { EnvReader } from './config.ts';

/** How a client calls another service: the deadline of each call, and how often a call is tried. */
export interface ClientCallSettings {
  callTimeoutMs: number;
  /** Attempts of a call that is safe to retry (1: never retried). */
  retryAttempts: number;
}

/**
 * `<TARGET>_CALL_TIMEOUT` and `<TARGET>_RETRY_ATTEMPTS` (1 to 10) of a client of the `target`
 * service, e.g. USERS_CALL_TIMEOUT for a client of users, defaulting to what suits that client.
 */
export function readClientCallSettings(
  read: EnvReader,
  target: string,
  defaults: { callTimeout: string; retryAttempts: number },
): ClientCallSettings {
  return {
    callTimeoutMs: read.durationMs(`${target}_CALL_TIMEOUT`, defaults.callTimeout),
    retryAttempts: read.int(`${target}_RETRY_ATTEMPTS`, defaults.retryAttempts, { min: 1, max: 10 }),
  };
}

/**
 * `<TARGET>_BREAKER_FAILURES` (default 5, 1 to 1000) and `<TARGET>_BREAKER_HALF_OPEN_AFTER` (default
 * 5s) of a client's circuit breaker towards the `target` service.
 */
export function readClientBreakerSettings(read: EnvReader, target: string): ClientBreakerSettings {
  return {
    breakerFailures: read.int(`${target}_BREAKER_FAILURES`, 5, { min: 1, max: 1000 }),
    breakerHalfOpenAfterMs: read.durationMs(`${target}_BREAKER_HALF_OPEN_AFTER`, '5s'),
  };
}
