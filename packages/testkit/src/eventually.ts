/**
 * Polls `check` every `intervalMs` until it returns true and resolves with the milliseconds that
 * took; fails after `timeoutMs` naming `what`. Tests wait for the condition they need with it
 * rather than sleeping for time to pass.
 */
export async function eventually(
  what: string | (() => string),
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
  intervalMs = 50,
): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return Date.now() - started;
}
