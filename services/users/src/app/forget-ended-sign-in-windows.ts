import type { UsersDeps } from './ports.ts';

/** Deletes the failure windows that have ended: they no longer limit anyone. Returns how many. */
export function forgetEndedSignInWindows(deps: Pick<UsersDeps, 'repos' | 'clock' | 'signInLimit'>) {
  const before = new Date(deps.clock.now().getTime() - deps.signInLimit.windowMs);
  return deps.repos.signInFailures.deleteStartedBefore(before);
}
