import { execFile, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findPostgresBinaries } from '../postgres.ts';
import { freePort } from '../service-process.ts';

const run = promisify(execFile);

/** A PostgreSQL server of one run's own, which the run may crash and restart. */
export interface PrivatePostgres {
  /** Admin URL (database `postgres`, trust auth). */
  url: string;
  port: number;
  /** `pg_ctl stop` in `mode` (immediate: a crash, recovered from the WAL on start). */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data folder. */
  destroy(): Promise<void>;
  /** The same, synchronously: for a process that is exiting. */
  destroyNow(): void;
}

/**
 * initdb into a new temporary folder and start the machine's PostgreSQL binaries on a free port of
 * 127.0.0.1 (as the postgres user when running as root), never touching the shared server on 5432.
 */
export async function startPrivatePostgres(maxConnections = 300): Promise<PrivatePostgres> {
  const bin = findPostgresBinaries();
  if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql: apt-get install postgresql');
  const dataDir = mkdtempSync(join(tmpdir(), 'marketplace-chaos-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chownSync(dataDir, uid, gid);
  }
  const command = (cmd: string, args: string[]) => [
    ...(asRoot ? ['runuser', '-u', 'postgres', '--'] : []),
    join(bin, cmd),
    ...args,
  ];
  const pg = async (cmd: string, args: string[]) => {
    const [exe, ...rest] = command(cmd, args);
    try {
      await run(exe!, rest, { timeout: 120_000 });
    } catch (err) {
      const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
      throw new Error(`${cmd} ${args.join(' ')} failed: ${stdout}${stderr}`);
    }
  };
  await pg('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync']);
  const port = await freePort();
  // fsync off: a crash of the server (immediate stop) keeps the WAL in the OS; only the machine's
  // crash would lose it, which this throwaway server need not survive.
  const options = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c max_connections=${maxConnections} -c fsync=off`;
  const start = () =>
    pg('pg_ctl', [
      '-D',
      dataDir,
      '-w',
      '-t',
      '120',
      '-l',
      join(dataDir, 'server.log'),
      '-o',
      options,
      'start',
    ]);
  await start();
  let running = true;
  const stop = async (mode: 'fast' | 'immediate') => {
    await pg('pg_ctl', ['-D', dataDir, '-w', '-m', mode, 'stop']);
    running = false;
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop('fast').catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
    destroyNow() {
      const [exe, ...rest] = command('pg_ctl', ['-D', dataDir, '-w', '-m', 'immediate', 'stop']);
      spawnSync(exe!, rest, { stdio: 'ignore', timeout: 30_000 });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
