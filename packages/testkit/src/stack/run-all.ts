/**
 * `make run-all`: the whole marketplace on this machine without Docker. Refuses to start while a
 * port of the stack is taken (another stack, usually), starts Prometheus (PROMETHEUS_PORT, 9090)
 * and Zipkin (ZIPKIN_PORT, 9411) where their ports are free, with every service exporting its
 * spans to Zipkin, builds the services whose bundles are missing or stale (`make build`; they run
 * as plain `node`), finds or starts PostgreSQL and Kafka,
 * migrates and seeds every database (seeding twice keeps what exists; the seeders' output, such as
 * rejected fixture rows, is shown), starts every service, waits until each is ready, prints where
 * everything is, streams readable logs, and stops everything on Ctrl-C. `make stop` stops a stack
 * started elsewhere through the pid file, which exists while this launcher runs its services.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { resolveKafka } from '../kafka.ts';
import { resolvePostgres } from '../postgres.ts';
import { stackPorts, takenPorts, takenPortsMessage } from './free-ports.ts';
import { readableLogLine } from './log-lines.ts';
import { runLoggedCommand } from './logged-command.ts';
import { readNodeRuntimeEnv } from './node-runtime-env.ts';
import { type ObservabilityProcess, startObservability, zipkinExportEnv } from './observability-processes.ts';
import { PID_FILE } from './stack-paths.ts';
import { planStack, type StackProcess } from './stack-plan.ts';

const REPO = new URL('../../../../', import.meta.url).pathname;
const HOST = '127.0.0.1';
/** How every bundle runs (deploy/node.env, as in the images), whoever started this launcher. */
const NODE_RUNTIME = readNodeRuntimeEnv();
const PROMETHEUS_PORT = Number(process.env.PROMETHEUS_PORT ?? 9090);
const ZIPKIN_PORT = Number(process.env.ZIPKIN_PORT ?? 9411);

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
/** A step of the start, with the seconds since the launcher started (what the time to ready is made of). */
const say = (text: string) => console.log(`\x1b[1m==> ${text}\x1b[0m \x1b[2m(${seconds()} s)\x1b[0m`);

// The ports are fixed by the plan, whatever the databases: checked before anything starts, so a
// second launcher neither reaches the first stack's services nor touches its pid file.
const layout = planStack('postgres://127.0.0.1:5432/postgres', []);
const taken = await takenPorts(stackPorts(layout), HOST);
if (taken.length > 0) {
  console.error(`\x1b[31m${takenPortsMessage(taken, HOST)}\x1b[0m`);
  process.exit(1);
}

// Every process this launcher starts, by name; signalled when it ends, however it ends.
const children = new Map<string, ChildProcess>();
process.once('exit', () => {
  for (const child of children.values()) if (child.exitCode === null) child.kill('SIGTERM');
  removeOwnPidFile();
});

say('starting Prometheus and Zipkin');
const RUN_DIR = join(REPO, '.run');
mkdirSync(RUN_DIR, { recursive: true });
const tools = await startObservability({
  plan: layout,
  prometheusPort: PROMETHEUS_PORT,
  zipkinPort: ZIPKIN_PORT,
  rulesFile: join(REPO, 'prometheus/alerts.yml'),
  runDir: RUN_DIR,
  warn: (line) => console.log(`\x1b[33m    ${line}\x1b[0m`),
});
for (const tool of tools) children.set(tool.name, tool.child);
const zipkin = tools.find((tool) => tool.name === 'zipkin');
const tracing = zipkin ? zipkinExportEnv(zipkin.url) : {};

say('building the services whose bundles are missing or stale');
// In a process of its own: esbuild and the build's code never stay loaded in this launcher.
await runLoggedCommand({
  label: 'build',
  index: 0,
  command: process.execPath,
  args: ['packages/build/src/build-cli.ts', '--stale', ...new Set(layout.map((p) => p.service))],
  cwd: REPO,
  env: process.env,
});

say('finding PostgreSQL and Kafka (starting them if needed)');
const plan = planStack(await resolvePostgres(), await resolveKafka());
const processEnv = (p: StackProcess) => ({
  ...process.env,
  ...NODE_RUNTIME,
  HOST,
  HTTP_PORT: String(p.httpPort),
  ...(p.grpcPort ? { GRPC_PORT: String(p.grpcPort) } : {}),
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  ...p.env,
});

say('migrating and seeding');
// Each service's own databases: the services are prepared side by side, each migrated, then seeded.
const firstOfEachService = plan.filter((p, i) => plan.findIndex((q) => q.service === p.service) === i);
await Promise.all(
  firstOfEachService.map(async (p) => {
    const cwd = join(REPO, 'services', p.service);
    for (const cli of ['migrate', 'seed']) {
      if (!existsSync(join(cwd, 'dist', `${cli}.js`))) continue;
      await runLoggedCommand({
        label: `${p.service} ${cli}`,
        index: plan.indexOf(p),
        command: process.execPath,
        args: [`dist/${cli}.js`],
        cwd,
        env: processEnv(p),
      });
    }
  }),
);

say('starting services');
/** The pid file: this launcher, then every process it runs (rewritten when one is restarted). */
const writePidFile = () =>
  writeFileSync(PID_FILE, [process.pid, ...[...children.values()].map((c) => c.pid)].join('\n'));
let ready = false;
const restarts = new Map<string, number>();

/**
 * Runs one service. One that exits once the stack is ready (a crash, a kill) is started again after
 * a wait that doubles with each restart (1 s up to 30 s), as a container's restart policy would; one
 * that exits before then stops the stack (see `answering`).
 */
function startService(p: StackProcess, index: number) {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: join(REPO, 'services', p.service),
    env: { ...processEnv(p), ...tracing },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(p.name, child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) =>
      console.log(readableLogLine(p.name, index, line)),
    );
  }
  child.once('exit', (code, signal) => {
    if (stopping) return;
    const exited = `exited (${signal ?? code})`;
    if (!ready) return console.log(readableLogLine(p.name, index, exited));
    const restart = (restarts.get(p.name) ?? 0) + 1;
    restarts.set(p.name, restart);
    const waitMs = Math.min(30_000, 1_000 * 2 ** (restart - 1));
    console.log(
      readableLogLine(
        p.name,
        index,
        `${exited}; starting it again in ${waitMs / 1000} s (restart ${restart})`,
      ),
    );
    setTimeout(() => {
      if (stopping) return;
      startService(p, index);
      writePidFile();
    }, waitMs);
  });
}
plan.forEach(startService);
// Written only now that the services run (and no other stack holds their ports): `make stop` reads
// it. Removed when this launcher ends, however it ends; its services are signalled then too.
writePidFile();

/** Removes the pid file when it is this launcher's (a file of another stack is left alone). */
function removeOwnPidFile() {
  try {
    if (readFileSync(PID_FILE, 'utf8').split('\n')[0] === String(process.pid))
      rmSync(PID_FILE, { force: true });
  } catch {
    // Already gone.
  }
}

/** SIGTERM to each of `group`, SIGKILL to those still running after 15 s; resolves when all exited. */
async function stopChildren(group: ChildProcess[]) {
  const exits = group.map(
    (child) =>
      new Promise<void>((resolve) =>
        child.exitCode !== null || child.signalCode !== null
          ? resolve()
          : child.once('exit', () => resolve()),
      ),
  );
  for (const child of group) child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const child of group) child.kill('SIGKILL');
  }, 15_000);
  await Promise.all(exits);
  clearTimeout(timer);
}

let stopping = false;
async function stopAll(exitCode: number) {
  if (stopping) return;
  stopping = true;
  say('stopping');
  // The services first, then Prometheus and Zipkin, which receive the services' last spans.
  const tool = (child: ChildProcess) => tools.some((t) => t.child === child);
  const all = [...children.values()];
  await stopChildren(all.filter((child) => !tool(child)));
  await stopChildren(all.filter(tool));
  removeOwnPidFile();
  say('stopped');
  process.exit(exitCode);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

/** Resolves once `url` answers 200; fails when `name`'s process exits first or after 120 s. */
const answering = async (name: string, url: string) => {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (children.get(name)?.exitCode !== null) throw new Error(`${name} exited before it was ready`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} was not ready at ${url} within 120 s`);
};
// A tool that does not come up is reported; the services run on without it.
const readyTools = tools.map((tool) =>
  answering(tool.name, tool.readyUrl).then(
    () => [tool],
    (err: Error) => {
      console.log(`\x1b[33m${err.message}: the stack runs without it (its log: ${tool.logFile})\x1b[0m`);
      return [];
    },
  ),
);
let toolsUp: ObservabilityProcess[] = [];
try {
  await Promise.all(plan.map((p) => answering(p.name, `http://127.0.0.1:${p.httpPort}/readyz`)));
  toolsUp = (await Promise.all(readyTools)).flat();
} catch (err) {
  console.error(`\x1b[31m${(err as Error).message}\x1b[0m`);
  await stopAll(1);
}

const TOOL_LINKS: Record<ObservabilityProcess['name'], [label: string, path: string]> = {
  prometheus: ['targets', '/targets'],
  zipkin: ['traces', '/zipkin/'],
};
const rows = [
  ...plan.map((p) => [
    p.name,
    p.grpcPort ? `127.0.0.1:${p.grpcPort}` : '',
    p.links.map(([label, path]) => `${label}: http://localhost:${p.httpPort}${path}`).join('   '),
  ]),
  ...toolsUp.map((tool) => {
    const [label, path] = TOOL_LINKS[tool.name];
    return [tool.name, '', `${label}: ${tool.url.replace('127.0.0.1', 'localhost')}${path}`];
  }),
];
const width = (i: number) => Math.max(...rows.map((r) => r[i]!.length), 8);
console.log(`\n${'service'.padEnd(width(0))}  ${'gRPC'.padEnd(width(1))}  HTTP`);
for (const row of rows) console.log(`${row[0]!.padEnd(width(0))}  ${row[1]!.padEnd(width(1))}  ${row[2]}`);
console.log(`\x1b[1m==> stack ready in ${seconds()} s; logs follow; Ctrl-C stops everything\x1b[0m`);
ready = true;
