import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@marketplace/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SERVICE = new URL('../../', import.meta.url).pathname;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('users');
});
afterAll(() => db?.drop());

const seed = (env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/seed.ts'], {
    cwd: SERVICE,
    env: { ...process.env, DATABASE_URL: db.url, PASSWORD_HASH_COST: '10', LOG_LEVEL: 'info', ...env },
  });

async function admins() {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query("SELECT email, role FROM users WHERE role = 'admin'")).rows;
  } finally {
    await client.end();
  }
}

describe('the seed-admin command', () => {
  const env = { ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: 'ops-admin-password' };

  it('migrates and creates the first admin, and changes nothing when run again', async () => {
    const first = await seed(env);
    expect(first.stdout).toContain('admin created');
    const second = await seed(env);
    expect(second.stdout).toContain('admin exists: nothing changed');
    expect(await admins()).toEqual([{ email: 'ops@example.com', role: 'admin' }]);
    expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain(env.ADMIN_PASSWORD);
  });

  it('fails naming the variables when the admin is not configured', async () => {
    await expect(seed({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' })).rejects.toMatchObject({
      stderr: expect.stringMatching(/ADMIN_EMAIL/),
    });
  });
});
