import { AdminRequiredError, NotOwnAccountError } from './errors.ts';
import type { UserRole } from './user.ts';

/** Who is calling, as their verified access token says. */
export interface Caller {
  userId: bigint;
  role: UserRole;
}

/** A user may act on their own account; an admin on any. */
export function assertAccountAccess(caller: Caller, accountId: bigint): void {
  if (caller.role !== 'admin' && caller.userId !== accountId) throw new NotOwnAccountError(accountId);
}

/** Only an admin may do `what` (named in the error, e.g. `ListUsers`). */
export function assertAdmin(caller: Caller, what: string): void {
  if (caller.role !== 'admin') throw new AdminRequiredError(what);
}
