import { UserNotFoundError } from '../domain/errors.ts';
import type { UsersDeps } from './ports.ts';

/** Soft-deletes a live user: NotFound afterwards, and the email is free for a new account. */
export async function deleteUser(deps: Pick<UsersDeps, 'repos' | 'clock'>, id: bigint): Promise<void> {
  if (!(await deps.repos.users.softDelete(id, deps.clock.now()))) throw new UserNotFoundError(id);
}
