import { Writable } from 'node:stream';
import { UserService } from '@marketplace/proto/marketplace/users/v1/users_pb';
import { createGrpcJsClient, createTestDatabase, fetchAnswer, type TestDatabase } from '@marketplace/testkit';
import { pino } from 'pino';
import { seedAdmin } from '../../src/app/seed-admin.ts';
import { readUsersConfig } from '../../src/config.ts';
import { USERS_MIGRATIONS } from '../../src/infra/migrations.ts';
import { generateSigningKey, type KeyJwk } from '../../src/infra/signing-keys.ts';
import { startUsers } from '../../src/users-server.ts';

export const ADMIN = { email: 'root@example.com', name: 'Root', password: 'admin-password-1' };

export interface TestUsersOptions {
  env?: Record<string, string>;
  /** The signing key (a private JWK); a new one by default. */
  signingKey?: KeyJwk;
  /** Serve an existing database (another test server's) instead of a new one. */
  databaseUrl?: string;
}

/**
 * The users service in-process on free ports over a throwaway database (with the first admin
 * seeded), its log lines captured, and clients for each transport.
 */
export async function startTestUsers(options: TestUsersOptions = {}) {
  const own: TestDatabase | undefined = options.databaseUrl
    ? undefined
    : await createTestDatabase('users', USERS_MIGRATIONS);
  const databaseUrl = options.databaseUrl ?? own!.url;
  const signingKey = options.signingKey ?? generateSigningKey();
  const config = readUsersConfig({
    HOST: '127.0.0.1',
    GRPC_PORT: '0',
    HTTP_PORT: '0',
    DATABASE_URL: databaseUrl,
    MIGRATE_ON_START: 'false',
    JWT_SIGNING_KEY: JSON.stringify(signingKey),
    PASSWORD_HASH_COST: '10',
    // Suites call through six transports from one address; tests of the limit set their own.
    RATE_LIMIT_PER_IP: '100000',
    ...options.env,
  });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const users = await startUsers(config, pino({ level: 'trace' }, sink));
  if (!options.databaseUrl) await seedAdmin(users.deps, ADMIN);
  const grpc = createGrpcJsClient(UserService, `127.0.0.1:${users.grpcPort}`);
  const httpBase = `http://127.0.0.1:${users.httpPort}`;
  const http = (path: string, init: RequestInit = {}) => fetchAnswer(`${httpBase}${path}`, init);
  return {
    users,
    grpc,
    httpBase,
    databaseUrl,
    signingKey,
    logLines,
    /** fetch against the HTTP/1.1 port, returning status, headers and the parsed JSON body (if any). */
    http,
    /** An access token for the email and password, over REST; fails the test when sign-in fails. */
    async token(email: string, password: string): Promise<string> {
      const answer = await http('/api/v1/auth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (answer.status !== 200) throw new Error(`sign-in of ${email} failed: ${answer.text}`);
      return answer.body.accessToken as string;
    },
    async stop() {
      grpc.close();
      await users.stop();
      await own?.drop();
    },
  };
}

export type TestUsers = Awaited<ReturnType<typeof startTestUsers>>;
