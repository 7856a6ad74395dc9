import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { withNodeRuntimeEnv } from './stack/node-runtime-env.ts';

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface ServiceProcess {
  child: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Settings every process started here gets unless the caller's environment or `env` says otherwise:
 * no shutdown drain (no load balancer has to see it go), so each stop takes no 5 s wait.
 */
export const TEST_PROCESS_DEFAULTS: Readonly<Record<string, string>> = { SHUTDOWN_DRAIN: '0' };

/**
 * Starts a service's entry point (TypeScript, run by tsx, unless `nodeArgs` say otherwise) as a
 * child process and waits until `readyUrl` answers 200. Its output goes to this process's stderr
 * when `verbose`. The process gets TEST_PROCESS_DEFAULTS (SHUTDOWN_DRAIN=0) unless its environment
 * sets them.
 */
export async function startServiceProcess(options: {
  cwd: string;
  entry: string;
  env: Record<string, string>;
  readyUrl: string;
  timeoutMs?: number;
  verbose?: boolean;
  /** Node's arguments before the entry (default `--import tsx`, for TypeScript sources). */
  nodeArgs?: readonly string[];
}): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? ['--import', 'tsx']), options.entry], {
    cwd: options.cwd,
    env: withNodeRuntimeEnv({ ...TEST_PROCESS_DEFAULTS, ...process.env, ...options.env }),
    stdio: ['ignore', options.verbose ? 'inherit' : 'pipe', 'inherit'],
  });
  // Its log (stdout) is read to the end and dropped, but the last lines before it is ready are kept:
  // a service that fails to start says why there (its fatal log line).
  const lastLines: string[] = [];
  let starting = true;
  if (child.stdout)
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!starting) return;
      lastLines.push(line.slice(0, 2_000));
      if (lastLines.length > 10) lastLines.shift();
    });
  // A child must not outlive this process, even when it dies of an uncaught error.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      process.off('exit', killChild);
      resolve(code);
    }),
  );
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(
        `${options.entry} exited with ${child.exitCode} before it was ready; its last log lines:\n${lastLines.join('\n')}`,
      );
    const ready = await fetch(options.readyUrl).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) {
      starting = false;
      return {
        child,
        async stop(graceMs = 10_000) {
          if (child.exitCode !== null) return child.exitCode;
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          const code = await exited;
          clearTimeout(timer);
          return code;
        },
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${options.entry} was not ready at ${options.readyUrl} within the timeout`);
}
