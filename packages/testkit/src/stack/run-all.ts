/**
 * `make run-all`: the whole marketplace on this machine without Docker. Refuses to start while a
 * port of the stack is taken (another stack, usually), builds the services whose bundles are
 * missing or stale (`make build`; they run as plain `node`), finds or starts PostgreSQL and Kafka,
 * migrates and seeds every database (seeding twice keeps what exists; the seeders' output, such as
 * rejected fixture rows, is shown), starts every service, waits until each is ready, prints where
 * everything is, streams readable logs, and stops everything on Ctrl-C. `make stop` stops a stack
 * started elsewhere through the pid file, which exists while this launcher runs its services.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureServicesBuilt } from '@marketplace/build';
import { resolveKafka } from '../kafka.ts';
import { resolvePostgres } from '../postgres.ts';
import { stackPorts, takenPorts, takenPortsMessage } from './free-ports.ts';
import { readableLogLine } from './log-lines.ts';
import { runLoggedCommand } from './logged-command.ts';
import { PID_FILE } from './stack-paths.ts';
import { planStack, type StackProcess } from './stack-plan.ts';

const REPO = new URL('../../../../', import.meta.url).pathname;
const HOST = '127.0.0.1';
/** How every bundle runs: errors point into the TypeScript sources. */
const NODE_OPTIONS = ['--enable-source-maps'];

const started = performance.now();
const say = (text: string) => console.log(`\x1b[1m==> ${text}\x1b[0m`);

// The ports are fixed by the plan, whatever the databases: checked before anything starts, so a
// second launcher neither reaches the first stack's services nor touches its pid file.
const layout = planStack('postgres://127.0.0.1:5432/postgres', []);
const taken = await takenPorts(stackPorts(layout), HOST);
if (taken.length > 0) {
  console.error(`\x1b[31m${takenPortsMessage(taken, HOST)}\x1b[0m`);
  process.exit(1);
}

say('building the services whose bundles are missing or stale');
await ensureServicesBuilt([...new Set(layout.map((p) => p.service))], (line) => console.log(`    ${line}`));

say('finding PostgreSQL and Kafka (starting them if needed)');
const plan = planStack(await resolvePostgres(), await resolveKafka());
const processEnv = (p: StackProcess) => ({
  ...process.env,
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
        args: [...NODE_OPTIONS, `dist/${cli}.js`],
        cwd,
        env: processEnv(p),
      });
    }
  }),
);

say('starting services');
const children = new Map<string, ChildProcess>();
plan.forEach((p, index) => {
  const child = spawn(process.execPath, [...NODE_OPTIONS, 'dist/main.js'], {
    cwd: join(REPO, 'services', p.service),
    env: processEnv(p),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(p.name, child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) =>
      console.log(readableLogLine(p.name, index, line)),
    );
  }
  child.once('exit', (code, signal) => {
    if (!stopping) console.log(readableLogLine(p.name, index, `exited (${signal ?? code})`));
  });
});
// Written only now that the services run (and no other stack holds their ports): `make stop` reads
// it. Removed when this launcher ends, however it ends; its services are signalled then too.
mkdirSync(join(REPO, '.run'), { recursive: true });
writeFileSync(PID_FILE, [process.pid, ...[...children.values()].map((c) => c.pid)].join('\n'));
process.once('exit', () => {
  for (const child of children.values()) if (child.exitCode === null) child.kill('SIGTERM');
  removeOwnPidFile();
});

/** Removes the pid file when it is this launcher's (a file of another stack is left alone). */
function removeOwnPidFile() {
  try {
    if (readFileSync(PID_FILE, 'utf8').split('\n')[0] === String(process.pid))
      rmSync(PID_FILE, { force: true });
  } catch {
    // Already gone.
  }
}

let stopping = false;
async function stopAll(exitCode: number) {
  if (stopping) return;
  stopping = true;
  say('stopping');
  const exits = [...children.values()].map(
    (child) =>
      new Promise<void>((resolve) =>
        child.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
      ),
  );
  for (const child of children.values()) child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
  }, 15_000);
  await Promise.all(exits);
  clearTimeout(timer);
  removeOwnPidFile();
  say('stopped');
  process.exit(exitCode);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

const ready = async (p: StackProcess) => {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (children.get(p.name)?.exitCode !== null) throw new Error(`${p.name} exited before it was ready`);
    if (
      await fetch(`http://127.0.0.1:${p.httpPort}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${p.name} was not ready on :${p.httpPort} within 120 s`);
};
try {
  await Promise.all(plan.map(ready));
} catch (err) {
  console.error(`\x1b[31m${(err as Error).message}\x1b[0m`);
  await stopAll(1);
}

const rows = plan.map((p) => [
  p.name,
  p.grpcPort ? `127.0.0.1:${p.grpcPort}` : '',
  p.links.map(([label, path]) => `${label}: http://localhost:${p.httpPort}${path}`).join('   '),
]);
const width = (i: number) => Math.max(...rows.map((r) => r[i]!.length), 8);
console.log(`\n${'service'.padEnd(width(0))}  ${'gRPC'.padEnd(width(1))}  HTTP`);
for (const row of rows) console.log(`${row[0]!.padEnd(width(0))}  ${row[1]!.padEnd(width(1))}  ${row[2]}`);
say(
  `stack ready in ${((performance.now() - started) / 1000).toFixed(1)} s; logs follow; Ctrl-C stops everything`,
);
