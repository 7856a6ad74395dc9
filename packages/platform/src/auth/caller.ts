import { createContextKey, type HandlerContext } from '@connectrpc/connect';
import { PermissionDeniedError, UnauthenticatedError } from '../errors.ts';

export type CallerRole = 'customer' | 'admin';

/** Who is calling, as their verified access token says. */
export interface Caller {
  userId: bigint;
  role: CallerRole;
}

/** A missing or unusable access token; the message says what to fix, never the token. */
export class AccessTokenError extends UnauthenticatedError {}

export class NotTheCallerError extends PermissionDeniedError {
  constructor(field: string, id: bigint) {
    super(`permission denied: ${field} ${id} is not the signed-in user`);
  }
}

export class AdminRequiredError extends PermissionDeniedError {
  constructor(what: string) {
    super(`permission denied: ${what} needs an admin`);
  }
}

/**
 * The signed-in caller of a call, set by the auth guard. Undefined when AUTH_MODE is off (or the
 * method lets anyone in without a token): handlers then apply no ownership rule.
 */
export const callerKey = createContextKey<Caller | undefined>(undefined, { description: 'signed-in caller' });

/** The signed-in caller of the call a handler serves; undefined when calls are not authenticated. */
export function callerOf(context: Pick<HandlerContext, 'values'>): Caller | undefined {
  return context.values.get(callerKey);
}

/** The user id `field` names must be the caller's own; no check without a caller (AUTH_MODE off). */
export function assertCallerIs(caller: Caller | undefined, field: string, userId: bigint): void {
  if (caller && caller.userId !== userId) throw new NotTheCallerError(field, userId);
}

/** Only an admin may do `what` (named in the error, e.g. `StockSet`). */
export function assertAdmin(caller: Caller, what: string): void {
  if (caller.role !== 'admin') throw new AdminRequiredError(what);
}
