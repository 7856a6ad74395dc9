/** How many failed sign-ins one email may have in a window, and the window's length. */
export interface SignInLimit {
  maxFailures: number;
  windowMs: number;
}

/** The state of an email's current failure window. */
export interface FailureWindow {
  startedAt: Date;
  failures: number;
}

/** Whole seconds until the window ends (at least 1), as a Retry-After header says them. */
export function retryAfterSeconds(window: FailureWindow, limit: SignInLimit, now: Date): number {
  const remainingMs = window.startedAt.getTime() + limit.windowMs - now.getTime();
  return Math.max(1, Math.ceil(remainingMs / 1000));
}
