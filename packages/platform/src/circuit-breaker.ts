import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
} from 'cockatiel';
import { UnavailableError } from './errors.ts';

export type CircuitStateName = 'closed' | 'open' | 'half-open' | 'isolated';

export interface CircuitBreakerOptions {
  /** What the breaker protects, as the client should read it: `products service`. */
  name: string;
  /** Which failures count against the dependency (not e.g. NotFound, nor the caller cancelling). */
  isFailure: (err: unknown) => boolean;
  /** Consecutive failures that open the circuit (default 5). */
  consecutiveFailures?: number;
  /** How long the circuit stays open before one trial call is let through (default 5 s). */
  halfOpenAfterMs?: number;
  onStateChange?: (state: CircuitStateName) => void;
}

export interface CircuitBreaker {
  /**
   * Runs `work` unless the circuit is open; then it throws an UnavailableError at once, naming the
   * dependency, without calling it. While a trial call runs (half-open), other calls wait for it.
   */
  execute<T>(work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  readonly state: CircuitStateName;
}

const STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/** A consecutive-failures circuit breaker (cockatiel) in front of one dependency. */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const policy = circuitBreaker(
    handleWhen((err) => options.isFailure(err)),
    {
      halfOpenAfter: options.halfOpenAfterMs ?? 5_000,
      breaker: new ConsecutiveBreaker(options.consecutiveFailures ?? 5),
    },
  );
  if (options.onStateChange) {
    const notify = options.onStateChange;
    policy.onStateChange((state) => notify(STATE_NAMES[state]));
  }
  return {
    get state() {
      return STATE_NAMES[policy.state];
    },
    async execute(work, signal) {
      try {
        return await policy.execute(({ signal: inner }) => work(inner), signal);
      } catch (err) {
        if (isBrokenCircuitError(err))
          throw new UnavailableError(
            `${options.name} is unavailable (circuit breaker open after repeated failures); try again later`,
          );
        throw err;
      }
    },
  };
}
