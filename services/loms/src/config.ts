import {
  type EnvReader,
  readAuthSettings,
  readClientBreakerSettings,
  readClientCallSettings,
  readServiceConfig,
} from '@marketplace/platform';
import { ORDER_EVENTS_TOPIC } from '@marketplace/platform/order-event';
import { readOutboxRelaySettings } from '@marketplace/platform/outbox';

/** LOMS settings, read once from the environment at start. */
export function readLomsConfig(env = process.env) {
  return readServiceConfig(env, {
    ports: { grpcPort: 8083, httpPort: 8084 },
    database: { database: 'loms', poolSize: 20 },
    settings: (read) => ({
      orders: {
        paymentTimeoutMs: read.durationMs('PAYMENT_TIMEOUT', '15m'),
        expirySweepIntervalMs: read.durationMs('EXPIRY_SWEEP_INTERVAL', '30s'),
        expiryBatchSize: read.int('EXPIRY_BATCH_SIZE', 100, { min: 1, max: 10_000 }),
      },
      cleanup: {
        intervalMs: read.durationMs('CLEANUP_INTERVAL', '1m'),
        batchSize: read.int('CLEANUP_BATCH_SIZE', 1_000, { min: 1, max: 100_000 }),
        idempotencyKeyTtlMs: read.durationMs('IDEMPOTENCY_KEY_TTL', '24h'),
        outboxRetentionMs: read.durationMs('OUTBOX_RETENTION', '24h'),
      },
      events: {
        topic: read.string('ORDER_EVENTS_TOPIC', ORDER_EVENTS_TOPIC),
        ...readOutboxRelaySettings(read),
      },
      users: readUsersCheck(read),
      auth: readAuth(read, env.NODE_ENV === 'production'),
    }),
  });
}

export type LomsConfig = ReturnType<typeof readLomsConfig>;
export type UsersCheckSettings = LomsConfig['users'];

/**
 * Whether OrderCreate asks the users service that the user is active, and how. USERS_CHECK is `on`
 * or `off`; by default on with AUTH_MODE=jwt and off otherwise, so the course contract is unchanged.
 * GetUser answers only the user themself or an admin: LOMS signs in as the admin account USERS_EMAIL
 * / USERS_PASSWORD when they are set, and otherwise passes on the caller's own token, which only
 * AUTH_MODE=jwt guarantees. So with the check on and AUTH_MODE=off, the account is required.
 */
function readUsersCheck(read: EnvReader) {
  const jwt = read.string('AUTH_MODE', 'off') === 'jwt';
  const check = read.string('USERS_CHECK', jwt ? 'on' : 'off');
  if (check !== 'on' && check !== 'off') read.problem('USERS_CHECK', `expected on or off, got "${check}"`);
  const users = {
    enabled: check === 'on',
    address: read.string('USERS_GRPC_ADDRESS', '127.0.0.1:8091'),
    email: read.string('USERS_EMAIL', ''),
    password: read.string('USERS_PASSWORD', ''),
    ...readClientCallSettings(read, 'USERS', { callTimeout: '1s', retryAttempts: 2 }),
    ...readClientBreakerSettings(read, 'USERS'),
  };
  const account = [
    ['USERS_EMAIL', users.email],
    ['USERS_PASSWORD', users.password],
  ] as const;
  if (users.enabled && !jwt) {
    for (const [name, value] of account)
      if (!value)
        read.problem(
          name,
          'required when USERS_CHECK=on and AUTH_MODE=off (an admin account of the users service)',
        );
  } else if (!users.email !== !users.password) {
    for (const [name, value] of account) if (!value) read.problem(name, 'set it too, or neither');
  }
  return users;
}

/** The key of development stacks, which products sends by default; refused in production. */
const DEVELOPMENT_SERVICE_KEY = 'testToken';

/**
 * AUTH_MODE and the token settings (platform), and SERVICE_API_KEYS: the comma-separated X-API-KEY
 * values with which another service (products' ingest) may call StockSet without an admin token when
 * AUTH_MODE=jwt. Default the development key; with AUTH_MODE=jwt it is refused in production.
 */
function readAuth(read: EnvReader, production: boolean) {
  const settings = readAuthSettings(read);
  const serviceKeys = read
    .string('SERVICE_API_KEYS', DEVELOPMENT_SERVICE_KEY)
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
  if (production && settings.mode === 'jwt' && serviceKeys.includes(DEVELOPMENT_SERVICE_KEY))
    read.problem(
      'SERVICE_API_KEYS',
      `the development key "${DEVELOPMENT_SERVICE_KEY}" is refused when NODE_ENV=production; give each service its own key`,
    );
  return { settings, serviceKeys };
}
