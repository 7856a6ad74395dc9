import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_PROCESS_DEFAULTS } from '../service-process.ts';
import { withNodeRuntimeEnv } from '../stack/node-runtime-env.ts';

const REPO = new URL('../../../../', import.meta.url).pathname;

/** One service process of the chaos stack that faults may kill and the run restarts. */
export interface ChaosProcess {
  name: string;
  httpUrl: string;
  /** host:port of the gRPC listener, for services that have one. */
  grpcAddress: string | undefined;
  /** Sends `signal` and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same ports, `env` over its settings, and waits until it is ready. */
  start(env?: Record<string, string>): Promise<void>;
  /** SIGTERM, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ChaosProcessOptions {
  name: string;
  /** Folder under services/. */
  service: string;
  httpPort: number;
  grpcPort?: number;
  env: Record<string, string>;
  /** Output of every start is appended here. */
  logFile: string;
  readyTimeoutMs: number;
}

/**
 * `node --import tsx src/main.ts` of a service, started and ready when this resolves. Its output
 * goes to `logFile`, which later starts append to, so the log of a killed process survives its restart.
 */
export async function startChaosProcess(options: ChaosProcessOptions): Promise<ChaosProcess> {
  const httpUrl = `http://127.0.0.1:${options.httpPort}`;
  let child: ChildProcess | undefined;
  const gone = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
  const exited = (c: ChildProcess) =>
    new Promise<void>((resolve) => (gone(c) ? resolve() : c.once('exit', () => resolve())));
  let starts = 0;
  const start = async (extra: Record<string, string> = {}) => {
    const fd = openSync(options.logFile, starts++ === 0 ? 'w' : 'a');
    const started = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(REPO, 'services', options.service),
      env: withNodeRuntimeEnv({
        ...TEST_PROCESS_DEFAULTS,
        ...process.env,
        HOST: '127.0.0.1',
        HTTP_PORT: String(options.httpPort),
        ...(options.grpcPort ? { GRPC_PORT: String(options.grpcPort) } : {}),
        ...options.env,
        ...extra,
      }),
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    child = started;
    // A child must not outlive this process, even when it dies of an uncaught error.
    const kill = () => started.kill('SIGKILL');
    process.once('exit', kill);
    started.once('exit', () => process.off('exit', kill));
    const deadline = Date.now() + options.readyTimeoutMs;
    while (Date.now() < deadline) {
      if (gone(started))
        throw new Error(`${options.name} exited before it was ready; see ${options.logFile}`);
      const ready = await fetch(`${httpUrl}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((r) => setTimeout(r, 150));
    }
    started.kill('SIGKILL');
    throw new Error(`${options.name} was not ready at ${httpUrl} in ${options.readyTimeoutMs} ms`);
  };
  await start();
  return {
    name: options.name,
    httpUrl,
    grpcAddress: options.grpcPort ? `127.0.0.1:${options.grpcPort}` : undefined,
    async kill(signal) {
      if (!child || gone(child)) return;
      child.kill(signal);
      await exited(child);
    },
    start,
    async stop(graceMs = 10_000) {
      if (!child || gone(child)) return;
      const current = child;
      const timer = setTimeout(() => current.kill('SIGKILL'), graceMs);
      current.kill('SIGTERM');
      await exited(current);
      clearTimeout(timer);
    },
  };
}
