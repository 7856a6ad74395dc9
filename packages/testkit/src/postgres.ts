import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresContainerUrl } from './backing-containers.ts';
import { chooseBackingSource } from './backing-source.ts';
import { dockerEngineAnswers } from './docker-engine.ts';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const OWN_PORT = 54329;

/**
 * Finds a PostgreSQL server for tests and local stacks, in this order: DATABASE_URL; a server on
 * 127.0.0.1:5432; a container (testcontainers) where a Docker engine answers; one started from the
 * machine's PostgreSQL binaries on port 54329 (or started there before); otherwise an error saying
 * what to install or set. Returns an admin URL (database `postgres`).
 */
export async function resolvePostgres(env = process.env): Promise<string> {
  const source = await chooseBackingSource(Boolean(env.DATABASE_URL), {
    defaultPortListening: () => isListening('127.0.0.1', 5432),
    dockerEngine: () => dockerEngineAnswers(env),
  });
  if (source === 'environment') return withDatabase(env.DATABASE_URL!, 'postgres');
  if (source === 'default-port') return DEFAULT_URL;
  if (source === 'container') return postgresContainerUrl();
  return localPostgres();
}

async function localPostgres(): Promise<string> {
  if (await isListening('127.0.0.1', OWN_PORT)) return ownUrl();
  const bin = findPostgresBinaries();
  if (!bin) {
    throw new Error(
      'No PostgreSQL found: set DATABASE_URL, start a server on 127.0.0.1:5432, run a Docker engine, or install PostgreSQL (apt-get install postgresql).',
    );
  }
  startOwnPostgres(bin);
  return ownUrl();
}

/** The same server URL pointing at database `name`. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

function ownUrl() {
  return `postgres://postgres@127.0.0.1:${OWN_PORT}/postgres`;
}

/** True when something accepts TCP connections at host:port within a second. */
export function isListening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(1_000);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** The bin folder of the newest PostgreSQL under /usr/lib/postgresql that has initdb, if any. */
export function findPostgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
}

/** initdb + pg_ctl into a temporary folder, as the postgres user when running as root. */
function startOwnPostgres(bin: string) {
  const dataDir = join(tmpdir(), 'marketplace-postgres');
  const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const run = (cmd: string, args: string[]) => {
    const [exe, ...rest] = [...asPostgres, join(bin, cmd), ...args];
    execFileSync(exe!, rest, { stdio: 'inherit' });
  };
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    mkdirSync(dataDir, { recursive: true });
    if (asPostgres.length) spawnSync('chown', ['postgres', dataDir]);
    run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust']);
  }
  run('pg_ctl', [
    '-D',
    dataDir,
    '-w',
    '-l',
    join(dataDir, 'server.log'),
    '-o',
    `-p ${OWN_PORT} -k /tmp`,
    'start',
  ]);
}
