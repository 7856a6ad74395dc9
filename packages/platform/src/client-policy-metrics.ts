import { Gauge, Histogram, type Registry } from 'prom-client';
import type { CircuitStateName } from './circuit-breaker.ts';
import { createCounterByLabels } from './metrics.ts';

const STATES: readonly CircuitStateName[] = ['closed', 'open', 'half-open', 'isolated'];

/** What a client's policies did: time waiting for rate-limit tokens, retries, circuit state. */
export interface ClientPolicyMetrics {
  /** A token bucket whose waits are measured. */
  measureWaits<T extends { take(signal?: AbortSignal): Promise<void> }>(limiter: T): T;
  retried(): void;
  circuitChanged(state: CircuitStateName): void;
}

/** Metrics of the client-side policies towards one service (`client` label, e.g. `products`). */
export function createClientPolicyMetrics(registry: Registry, client: string): ClientPolicyMetrics {
  const registers = [registry];
  const waits = new Histogram({
    name: 'client_rate_limit_wait_seconds',
    help: 'Time calls waited for a client-side rate-limit token, by target service.',
    labelNames: ['client'],
    buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const retries = createCounterByLabels(registry, {
    name: 'client_retries_total',
    help: 'Calls retried after a transient failure, by target service.',
    labels: { client: [client] },
  });
  const circuit = new Gauge({
    name: 'client_circuit_breaker_state',
    help: 'Circuit breaker state towards a service: 1 for the current state, 0 for the others.',
    labelNames: ['client', 'state'],
    registers,
  });
  const circuitChanged = (state: CircuitStateName) => {
    for (const s of STATES) circuit.set({ client, state: s }, s === state ? 1 : 0);
  };
  // Every series exists from the start, so dashboards and alerts see zeros rather than nothing.
  circuitChanged('closed');
  waits.zero({ client });
  return {
    measureWaits(limiter) {
      const take = limiter.take.bind(limiter);
      return Object.assign(limiter, {
        async take(signal?: AbortSignal) {
          const done = waits.startTimer({ client });
          try {
            await take(signal);
          } finally {
            done();
          }
        },
      });
    },
    retried: () => retries.inc({ client }),
    circuitChanged,
  };
}
