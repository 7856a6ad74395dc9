import { EmailTakenError } from '../domain/errors.ts';
import type { User, UserRole } from '../domain/user.ts';
import type { UsersDeps } from './ports.ts';

export interface CreateUserInput {
  email: string;
  name: string;
  password: string;
  /** `customer` for registrations; the admin seed makes admins. */
  role?: UserRole;
}

/** Registers an active user; EmailTakenError when a live user has the email, ignoring case. */
export async function createUser(
  deps: Pick<UsersDeps, 'repos' | 'passwords' | 'clock'>,
  input: CreateUserInput,
): Promise<User> {
  const passwordHash = await deps.passwords.hash(input.password);
  const user = await deps.repos.users.insert(
    { email: input.email, name: input.name, passwordHash, role: input.role ?? 'customer', status: 'active' },
    deps.clock.now(),
  );
  if (!user) throw new EmailTakenError();
  return user;
}
