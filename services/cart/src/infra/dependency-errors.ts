import { Code, ConnectError } from '@connectrpc/connect';
import { DomainError } from '@marketplace/platform';
import { DependencyUnavailableError } from '../domain/errors.ts';

/**
 * What a failed call to another service means for the cart's caller. The caller's own deadline or
 * disconnect passes on as the abort reason; a dependency that is down, too slow or still shedding
 * load after the retries, or that drops the call (a reset stream), becomes a DependencyUnavailableError
 * naming it (503); domain errors (e.g. an open circuit) stay as they are; anything else is an internal
 * error whose cause is logged.
 */
export function toDependencyError(err: unknown, name: string, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  if (err instanceof DomainError || !(err instanceof ConnectError)) return err;
  switch (err.code) {
    case Code.Unavailable:
      return new DependencyUnavailableError(`${name} is unavailable; try again later`);
    case Code.ResourceExhausted:
      return new DependencyUnavailableError(`${name} is overloaded; try again later`);
    case Code.DeadlineExceeded:
      return new DependencyUnavailableError(`${name} did not answer in time; try again later`);
    case Code.Canceled:
    case Code.Aborted:
      // Not our cancel (the signal is checked above), and neither is a conflict answer of these calls:
      // the dependency reset the stream or the connection, e.g. it died during the call.
      return new DependencyUnavailableError(`${name} dropped the call; try again later`);
    default:
      // E.g. a rejected API key: the cart's own fault, never passed on as the dependency's code.
      return new Error(`${name} failed: ${err.message}`, { cause: err });
  }
}
