import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { takenPorts } from './free-ports.ts';
import { prometheusConfig } from './prometheus-config.ts';
import type { StackProcess } from './stack-plan.ts';
import { zipkinJar } from './zipkin-jar.ts';

/** A tool of the native stack, started beside its services. */
export interface ObservabilityProcess {
  name: 'prometheus' | 'zipkin';
  child: ChildProcess;
  /** Where a person opens it. */
  url: string;
  /** Where its output goes. */
  logFile: string;
  /** An address that answers 200 once it serves. */
  readyUrl: string;
}

/**
 * Prometheus (Debian's `prometheus`) on 127.0.0.1:`port`, scraping the processes of `plan` and
 * loading `rulesFile`, with its data and log under `runDir`.
 */
export function startPrometheus(options: {
  plan: readonly StackProcess[];
  port: number;
  rulesFile: string;
  runDir: string;
}): ObservabilityProcess {
  // One stack runs at a time (its services' ports are fixed): one folder, whatever the port.
  const dir = join(options.runDir, 'prometheus');
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, prometheusConfig(options.plan, options.port, options.rulesFile));
  const logFile = join(dir, 'prometheus.log');
  const child = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      '--storage.tsdb.retention.time=1d',
    ],
    { stdio: ['ignore', openSync(logFile, 'w'), openSync(logFile, 'a')] },
  );
  const url = `http://127.0.0.1:${options.port}`;
  return { name: 'prometheus', child, url, logFile, readyUrl: `${url}/-/ready` };
}

/**
 * Zipkin (its executable jar from Maven Central, on the machine's Java 17+) on `port`, keeping
 * spans in memory; its log under `runDir`.
 */
export async function startZipkin(options: { port: number; runDir: string }): Promise<ObservabilityProcess> {
  const jar = await zipkinJar();
  mkdirSync(options.runDir, { recursive: true });
  const logFile = join(options.runDir, 'zipkin.log');
  // C1 only (TieredStopAtLevel=1): Zipkin answers in ~7 s instead of ~17-21 s on a busy two-core
  // machine, and holds ~35 MB less; a stack's few spans need no C2-compiled code. The stack is ready
  // only once Zipkin is, so this is most of the time to ready.
  // Listening on 127.0.0.1 only, like every other process of the stack: traces carry URLs and ids.
  const listen = [
    '-Darmeria.ports[0].ip=127.0.0.1',
    `-Darmeria.ports[0].port=${options.port}`,
    '-Darmeria.ports[0].protocols[0]=http',
  ];
  const child = spawn(
    'java',
    ['-Xms64m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', ...listen, '-jar', jar],
    {
      env: { ...process.env, QUERY_PORT: String(options.port), STORAGE_TYPE: 'mem' },
      stdio: ['ignore', openSync(logFile, 'w'), openSync(logFile, 'a')],
    },
  );
  const url = `http://127.0.0.1:${options.port}`;
  return { name: 'zipkin', child, url, logFile, readyUrl: `${url}/health` };
}

/** The variables that make a service export its spans to Zipkin at `zipkinUrl` (OpenTelemetry's). */
export function zipkinExportEnv(zipkinUrl: string): Record<string, string> {
  return { OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: `${zipkinUrl}/api/v2/spans` };
}

/**
 * Starts Prometheus on `prometheusPort` and Zipkin on `zipkinPort` for the processes of `plan`,
 * each only when its port is free: a taken port is reported through `warn` and the stack goes on
 * without that tool.
 */
export async function startObservability(options: {
  plan: readonly StackProcess[];
  prometheusPort: number;
  zipkinPort: number;
  rulesFile: string;
  runDir: string;
  warn: (line: string) => void;
}): Promise<ObservabilityProcess[]> {
  const wanted = [
    { port: options.prometheusPort, owner: 'Prometheus' },
    { port: options.zipkinPort, owner: 'Zipkin' },
  ];
  const taken = new Set((await takenPorts(wanted)).map(({ port }) => port));
  for (const { port, owner } of wanted.filter(({ port }) => taken.has(port)))
    options.warn(`port ${port} is taken: the stack runs without ${owner}`);
  const tools: ObservabilityProcess[] = [];
  if (!taken.has(options.prometheusPort)) {
    if (onPath('prometheus')) tools.push(startPrometheus({ ...options, port: options.prometheusPort }));
    else
      options.warn(
        'prometheus is not installed (Debian package prometheus; scripts/install-test-tools.sh installs it): the stack runs without it',
      );
  }
  if (!taken.has(options.zipkinPort)) {
    if (!onPath('java')) options.warn('java is not installed (Java 17+): the stack runs without Zipkin');
    else
      await startZipkin({ ...options, port: options.zipkinPort }).then(
        (zipkin) => tools.push(zipkin),
        (err: Error) => options.warn(`${err.message}\nthe stack runs without Zipkin`),
      );
  }
  for (const tool of tools) tool.child.once('error', (err) => options.warn(`${tool.name}: ${err.message}`));
  return tools;
}

/** Whether `command` is an executable file in one of PATH's folders. */
function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
