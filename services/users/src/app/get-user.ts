import { UserNotFoundError } from '../domain/errors.ts';
import type { User } from '../domain/user.ts';
import type { UsersDeps } from './ports.ts';

/** A live user; UserNotFoundError for an unknown or deleted id. */
export async function getUser(deps: Pick<UsersDeps, 'repos'>, id: bigint): Promise<User> {
  const user = await deps.repos.users.find(id);
  if (!user) throw new UserNotFoundError(id);
  return user;
}
