import { ConnectError } from '@connectrpc/connect';
import type { Registry } from 'prom-client';
import { type CircuitBreaker, createCircuitBreaker } from './circuit-breaker.ts';
import { type ClientPolicyMetrics, createClientPolicyMetrics } from './client-policy-metrics.ts';
import type { Logger } from './logger.ts';
import type { ResilientCallOptions } from './resilient-call.ts';
import { isServerFailure } from './rpc-client-errors.ts';

/** A client's circuit breaker settings, as services configure them. */
export interface ClientBreakerSettings {
  /** Consecutive server failures that open the circuit. */
  breakerFailures: number;
  /** How long the circuit stays open before a trial call. */
  breakerHalfOpenAfterMs: number;
}

/** The measured policies of one client towards one service. */
export interface ClientPolicies {
  /** Its metrics (`client` label: the target), e.g. to measure a rate limiter's waits. */
  metrics: ClientPolicyMetrics;
  /** Counts server failures only; each change of state is measured and logged. */
  breaker: CircuitBreaker;
  /** For the client's resilient calls: each retry is measured and logged with the failure's code. */
  onRetry: NonNullable<ResilientCallOptions['onRetry']>;
}

/** The circuit breaker and retry reporting of a client towards `target` (e.g. `products`). */
export function createClientPolicies(
  target: string,
  settings: ClientBreakerSettings,
  registry: Registry,
  log: Logger,
): ClientPolicies {
  const metrics = createClientPolicyMetrics(registry, target);
  const breaker = createCircuitBreaker({
    name: `${target} service`,
    isFailure: isServerFailure,
    consecutiveFailures: settings.breakerFailures,
    halfOpenAfterMs: settings.breakerHalfOpenAfterMs,
    onStateChange: (state) => {
      metrics.circuitChanged(state);
      log.warn({ state }, `${target} circuit breaker changed state`);
    },
  });
  const onRetry: ClientPolicies['onRetry'] = ({ attempt, delayMs, err }) => {
    metrics.retried();
    log.info({ attempt, delayMs, code: ConnectError.from(err).code }, `retrying ${target} call`);
  };
  return { metrics, breaker, onRetry };
}
