import { execFile } from 'node:child_process';

/** Runs a service's `src/cli/seed.ts` in `cwd` with the service's environment; fails with its stderr. */
export function runServiceSeed(cwd: string, env: Record<string, string>, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/seed.ts'],
      { cwd, env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (err, _stdout, stderr) =>
        err ? reject(new Error(`${cwd}/src/cli/seed.ts failed: ${err.message}\n${stderr}`)) : resolve(),
    );
  });
}
