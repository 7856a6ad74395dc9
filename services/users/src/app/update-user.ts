import { EmailTakenError, UserNotFoundError } from '../domain/errors.ts';
import type { User } from '../domain/user.ts';
import type { UpdatableField, UserUpdateValues } from '../domain/user-update.ts';
import type { UserChanges, UsersDeps } from './ports.ts';

/**
 * Writes the `fields` of `values` to a live user in one statement (a new password as its hash) and
 * returns the result; UserNotFoundError for an unknown or deleted id, EmailTakenError when another
 * live user has the new email.
 */
export async function updateUser(
  deps: Pick<UsersDeps, 'repos' | 'passwords' | 'clock'>,
  id: bigint,
  values: UserUpdateValues,
  fields: readonly UpdatableField[],
): Promise<User> {
  const changes: UserChanges = {};
  if (fields.includes('name')) changes.name = values.name;
  if (fields.includes('email')) changes.email = values.email;
  if (fields.includes('status')) changes.status = values.status;
  if (fields.includes('role')) changes.role = values.role;
  if (fields.includes('password') && values.password !== undefined)
    changes.passwordHash = await deps.passwords.hash(values.password);
  const result = await deps.repos.users.update(id, changes, deps.clock.now());
  if (result.kind === 'not-found') throw new UserNotFoundError(id);
  if (result.kind === 'email-taken') throw new EmailTakenError();
  return result.user;
}
