import { EmailTakenError } from '../domain/errors.ts';
import type { User } from '../domain/user.ts';
import { createUser } from './create-user.ts';
import type { UsersDeps } from './ports.ts';

export type SeedOutcome = { kind: 'created'; user: User } | { kind: 'exists'; user: User };

/** Raised when the admin's email belongs to an account that is not an admin: never promoted silently. */
export class AdminEmailTakenError extends Error {
  constructor(email: string) {
    super(
      `${email} belongs to a user who is not an admin; choose another ADMIN_EMAIL or make that user an admin`,
    );
  }
}

/**
 * Creates the first admin, or does nothing when an admin with that email exists (the password of
 * an existing admin is left alone). An existing non-admin with the email is an error: whoever
 * registered it first must not become an admin by it.
 */
export async function seedAdmin(
  deps: Pick<UsersDeps, 'repos' | 'passwords' | 'clock'>,
  admin: { email: string; name: string; password: string },
): Promise<SeedOutcome> {
  const existing = await deps.repos.users.findByEmail(admin.email);
  if (existing) {
    if (existing.role !== 'admin') throw new AdminEmailTakenError(admin.email);
    const { passwordHash: _, ...user } = existing;
    return { kind: 'exists', user };
  }
  try {
    return { kind: 'created', user: await createUser(deps, { ...admin, role: 'admin' }) };
  } catch (err) {
    // A seed running at the same time created it first: judge what is there now.
    if (err instanceof EmailTakenError) return seedAdmin(deps, admin);
    throw err;
  }
}
