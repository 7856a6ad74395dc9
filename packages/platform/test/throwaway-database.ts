import { randomBytes } from 'node:crypto';
import pg from 'pg';

// Platform cannot use testkit (which depends on it): databases of its tests live on the local server.
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function onServer(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(text).finally(() => client.end());
}

/** A database named `<prefix>_<random>` on the local server: its URL, and how to create and drop it. */
export function throwawayDatabase(prefix: string) {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  return {
    url: Object.assign(new URL(server), { pathname: `/${name}` }).toString(),
    create: () => onServer(`CREATE DATABASE ${name}`),
    drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
