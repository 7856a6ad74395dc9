import { readFileSync } from 'node:fs';
import { create } from '@bufbuild/protobuf';
import {
  ConfigError,
  type EnvReader,
  readConfig,
  readDatabaseSettings,
  readServiceConfig,
  ruleViolations,
} from '@marketplace/platform';
import { CreateUserRequestSchema } from '@marketplace/proto/marketplace/users/v1/users_pb';
import { type KeyJwk, parseKeys } from './infra/signing-keys.ts';

type Env = Record<string, string | undefined>;

/** The users database on the local server by default. */
const USERS_DATABASE = { database: 'users', poolSize: 20 };

/** Users settings, read once from the environment at start. */
export function readUsersConfig(env: Env = process.env) {
  return readServiceConfig(env, {
    ports: { grpcPort: 8091, httpPort: 8092 },
    database: USERS_DATABASE,
    settings: (read) => ({
      tokens: {
        issuer: read.string('TOKEN_ISSUER', 'marketplace-users'),
        ttlSeconds: Math.max(1, Math.round(read.durationMs('TOKEN_TTL', '1h') / 1000)),
        ...readTokenKeys(read, env),
      },
      signIn: {
        maxFailures: read.int('SIGN_IN_MAX_FAILURES', 5, { min: 1, max: 1000 }),
        windowMs: read.durationMs('SIGN_IN_FAILURE_WINDOW', '1m'),
      },
      passwordHashCost: readPasswordHashCost(read),
      passwordHashing: {
        maxRunning: read.int('MAX_CONCURRENT_PASSWORD_HASHES', 1, { min: 1, max: 64 }),
        maxWaiting: read.int('PASSWORD_HASH_QUEUE', 16, { min: 0, max: 10_000 }),
        maxWaitMs: read.durationMs('PASSWORD_HASH_WAIT', '1s'),
      },
    }),
  });
}

export type UsersConfig = ReturnType<typeof readUsersConfig>;

const readDatabase = (read: EnvReader) => readDatabaseSettings(read, USERS_DATABASE);

/** log2 of scrypt's N for new password hashes (15: 32 MiB and tens of milliseconds per hash). */
const readPasswordHashCost = (read: EnvReader) => read.int('PASSWORD_HASH_COST', 15, { min: 10, max: 20 });

/**
 * What the admin seed needs: the database, and the first admin from ADMIN_EMAIL, ADMIN_PASSWORD
 * and ADMIN_NAME (default `Administrator`), held to CreateUser's rules. No token keys: the seed
 * signs nothing.
 */
export function readAdminSeedConfig(env: Env = process.env) {
  return readConfig(env, (read) => {
    const admin = {
      email: read.string('ADMIN_EMAIL', ''),
      name: read.string('ADMIN_NAME', 'Administrator'),
      password: read.string('ADMIN_PASSWORD', ''),
    };
    const request = create(CreateUserRequestSchema, admin);
    for (const violation of ruleViolations(CreateUserRequestSchema, request)) {
      const field = violation.field[0]?.kind === 'field' ? violation.field[0].name : '';
      // The rule's words only: a message never holds the value, so never the password.
      read.problem(`ADMIN_${field.toUpperCase()}`, violation.message);
    }
    return { database: readDatabase(read), admin, passwordHashCost: readPasswordHashCost(read) };
  });
}

/**
 * The token keys: the signing key from JWT_SIGNING_KEY (PEM or JWK text) or JWT_SIGNING_KEY_FILE,
 * and older public keys still accepted from JWT_PREVIOUS_KEYS (a JWKS, JWKs or PEM) and
 * JWT_PREVIOUS_KEY_FILES (comma-separated paths). Without a signing key one is generated at start,
 * which NODE_ENV=production refuses.
 */
function readTokenKeys(
  read: EnvReader,
  env: Env,
): { signingKey: KeyJwk | undefined; previousKeys: KeyJwk[] } {
  const inline = read.string('JWT_SIGNING_KEY', '');
  const file = read.string('JWT_SIGNING_KEY_FILE', '');
  let signingKey: KeyJwk | undefined;
  if (inline && file) read.problem('JWT_SIGNING_KEY', 'set it or JWT_SIGNING_KEY_FILE, not both');
  else if (inline || file) {
    const name = inline ? 'JWT_SIGNING_KEY' : 'JWT_SIGNING_KEY_FILE';
    const keys = keysFrom(read, name, inline ? () => inline : () => readFileSync(file, 'utf8'));
    if (keys.length > 1) read.problem(name, 'expected one key, found several');
    else if (keys[0] && typeof keys[0].d !== 'string')
      read.problem(name, 'expected a private key (it signs tokens), got a public key');
    else signingKey = keys[0];
  } else if (env.NODE_ENV === 'production') {
    read.problem(
      'JWT_SIGNING_KEY',
      'required when NODE_ENV=production (or JWT_SIGNING_KEY_FILE): tokens signed by a key generated at start would not outlive the process',
    );
  }
  const previousText = read.string('JWT_PREVIOUS_KEYS', '');
  const previousKeys = previousText ? keysFrom(read, 'JWT_PREVIOUS_KEYS', () => previousText) : [];
  for (const path of read
    .string('JWT_PREVIOUS_KEY_FILES', '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    previousKeys.push(...keysFrom(read, 'JWT_PREVIOUS_KEY_FILES', () => readFileSync(path, 'utf8'), path));
  }
  // Only their public halves are kept: an older key never signs again.
  return { signingKey, previousKeys: previousKeys.map(({ d: _, ...publicJwk }) => publicJwk as KeyJwk) };
}

function keysFrom(read: EnvReader, name: string, text: () => string, path?: string): KeyJwk[] {
  try {
    return parseKeys(text());
  } catch (err) {
    const why = err instanceof ConfigError ? err.problems.join('; ') : (err as Error).message;
    read.problem(name, path ? `${path}: ${why}` : why);
    return [];
  }
}

/** The database settings alone, for the migrate command. */
export function readUsersDatabaseConfig(env: Env = process.env) {
  return readConfig(env, readDatabase);
}
