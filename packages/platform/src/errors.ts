import { Code, ConnectError } from '@connectrpc/connect';

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

/**
 * The one place where errors become wire errors. Domain errors keep their message; anything else
 * is an internal error whose details stay in the log, never in the answer.
 */
export function toConnectError(err: unknown): { error: ConnectError; internal: boolean } {
  if (err instanceof ConnectError) return { error: err, internal: err.code === Code.Internal };
  if (err instanceof DomainError) return { error: new ConnectError(err.message, err.code), internal: false };
  if (isAbort(err)) return { error: new ConnectError('request cancelled', Code.Canceled), internal: false };
  return { error: new ConnectError('internal error', Code.Internal), internal: true };
}

function isAbort(err: unknown): boolean {
  return (
    err instanceof Error && (err.name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR')
  );
}
