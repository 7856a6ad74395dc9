import { Code, ConnectError } from '@connectrpc/connect';
import { isDatabaseUnavailable } from './database-unavailable.ts';

/**
 * Base of the typed errors a domain raises. Each kind maps to exactly one gRPC code in
 * `toConnectError`; services subclass the kinds (`class OrderNotFoundError extends NotFoundError`).
 */
export abstract class DomainError extends Error {
  abstract readonly code: Code;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidArgumentError extends DomainError {
  readonly code = Code.InvalidArgument;
}
export class NotFoundError extends DomainError {
  readonly code = Code.NotFound;
}
export class FailedPreconditionError extends DomainError {
  readonly code = Code.FailedPrecondition;
}
export class AlreadyExistsError extends DomainError {
  readonly code = Code.AlreadyExists;
}
export class PermissionDeniedError extends DomainError {
  readonly code = Code.PermissionDenied;
}
export class UnauthenticatedError extends DomainError {
  readonly code = Code.Unauthenticated;
}
export class ResourceExhaustedError extends DomainError {
  readonly code = Code.ResourceExhausted;
}
export class UnavailableError extends DomainError {
  readonly code = Code.Unavailable;
}
/** A write lost to a concurrent newer one (e.g. a stale fencing token): retrying it cannot win. */
export class AbortedError extends DomainError {
  readonly code = Code.Aborted;
}

/**
 * The one place where errors become wire errors. Domain errors keep their message; a database that
 * can't serve now is Unavailable (retryable); anything else is an internal error. `log` says how
 * the details, which never reach the answer, are logged.
 */
export function toConnectError(err: unknown): { error: ConnectError; log?: 'error' | 'warn' } {
  if (err instanceof ConnectError)
    return { error: err, log: err.code === Code.Internal ? 'error' : undefined };
  if (err instanceof DomainError) return { error: new ConnectError(err.message, err.code) };
  if (isAbort(err)) return { error: new ConnectError('request cancelled', Code.Canceled) };
  if (isDatabaseUnavailable(err))
    return { error: new ConnectError('database unavailable, try again', Code.Unavailable), log: 'warn' };
  return { error: new ConnectError('internal error', Code.Internal), log: 'error' };
}

function isAbort(err: unknown): boolean {
  return (
    err instanceof Error && (err.name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR')
  );
}
