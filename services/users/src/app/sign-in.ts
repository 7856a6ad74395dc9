import {
  AccountNotActiveError,
  InvalidCredentialsError,
  PasswordHashingBusyError,
  TooManySignInFailuresError,
} from '../domain/errors.ts';
import { retryAfterSeconds } from '../domain/sign-in-limit.ts';
import { emailKey } from '../domain/user.ts';
import type { UsersDeps } from './ports.ts';

export interface AccessToken {
  token: string;
  expiresInSeconds: number;
}

/**
 * Issues an access token for an email and password. Each attempt is counted as a failure before
 * the password is checked, so concurrent guesses cannot pass the limit together; an attempt that
 * did not fail is taken back. Unknown emails cost the same hashing as known ones and fail with the
 * same error as wrong passwords. Only active users get a token; a correct password stored with
 * weaker hashing parameters than the current ones is rehashed. An attempt refused because every
 * hashing slot is taken is taken back too: it checked nothing.
 */
export async function signIn(
  deps: UsersDeps,
  credentials: { email: string; password: string },
): Promise<AccessToken> {
  const now = deps.clock.now();
  const key = emailKey(credentials.email);
  const attempt = await deps.repos.signInFailures.take(key, deps.signInLimit, now);
  if (!attempt.taken) {
    deps.metrics.failed('rate_limited');
    throw new TooManySignInFailuresError(retryAfterSeconds(attempt.window, deps.signInLimit, now));
  }
  const user = await deps.repos.users.findByEmail(credentials.email);
  const check = await deps.passwords.verify(credentials.password, user?.passwordHash).catch(async (err) => {
    // Refused before any check (hashing slots all taken): not a failure of this email's.
    if (err instanceof PasswordHashingBusyError)
      await deps.repos.signInFailures.giveBack(key, attempt.window);
    throw err;
  });
  if (!user || !check.ok) {
    deps.metrics.failed('unknown_or_wrong');
    throw new InvalidCredentialsError();
  }
  await deps.repos.signInFailures.giveBack(key, attempt.window);
  if (user.status !== 'active') {
    deps.metrics.failed(user.status);
    throw new AccountNotActiveError(user.status);
  }
  if (check.rehash) {
    const passwordHash = await deps.passwords.hash(credentials.password);
    await deps.repos.users.update(user.id, { passwordHash }, now);
  }
  return deps.tokens.issue(user, now);
}
