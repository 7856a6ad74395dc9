import {
  createConcurrencyGate,
  type Logger,
  openServiceBasics,
  type RunningGrpcFirstService,
  runningService,
  startGrpcFirstServer,
  startPeriodicTask,
} from '@marketplace/platform';
import { UserService } from '@marketplace/proto/marketplace/users/v1/users_pb';
import { createAuthGuard } from './api/auth-guard.ts';
import { createErrorHeaders } from './api/error-headers.ts';
import { createUsersHandlers } from './api/users-handlers.ts';
import { forgetEndedSignInWindows } from './app/forget-ended-sign-in-windows.ts';
import type { UsersDeps } from './app/ports.ts';
import type { UsersConfig } from './config.ts';
import { createGatedPasswordHasher } from './infra/gated-password-hasher.ts';
import { createJwtAccessTokens } from './infra/jwt-access-tokens.ts';
import { USERS_MIGRATIONS } from './infra/migrations.ts';
import { watchPasswordGate } from './infra/password-gate-metrics.ts';
import type { UsersDatabase } from './infra/schema.ts';
import { createScryptPasswordHasher, DEFAULT_SCRYPT } from './infra/scrypt-password-hasher.ts';
import { createSignInMetrics } from './infra/sign-in-metrics.ts';
import { buildKeyRing, generateSigningKey } from './infra/signing-keys.ts';
import { createRepositories } from './infra/store.ts';

/**
 * A running users service; `stop` ends, in reverse start order: listeners (draining calls), the
 * cleanup job, pool.
 */
export type RunningUsers = RunningGrpcFirstService<UsersDeps>;

/** Starts the users service: database, keys, use cases, gRPC/Connect/REST listeners, cleanup job. */
export async function startUsers(config: UsersConfig, log: Logger): Promise<RunningUsers> {
  const { tokens } = config;
  let signingKey = tokens.signingKey;
  if (!signingKey) {
    signingKey = generateSigningKey();
    log.warn(
      'no JWT_SIGNING_KEY configured: signing with a key generated for this process (development only)',
    );
  }
  const ring = buildKeyRing(signingKey, tokens.previousKeys);
  const basics = await openServiceBasics<UsersDatabase>('users', config, USERS_MIGRATIONS, log);
  const { metrics, database } = basics;
  const passwordGate = createConcurrencyGate(config.passwordHashing);
  watchPasswordGate(metrics.registry, passwordGate);
  const deps: UsersDeps = {
    repos: createRepositories(database.db),
    passwords: createGatedPasswordHasher(
      createScryptPasswordHasher({ ...DEFAULT_SCRYPT, ln: config.passwordHashCost }),
      passwordGate,
    ),
    tokens: createJwtAccessTokens(ring, { issuer: tokens.issuer, ttlSeconds: tokens.ttlSeconds }),
    clock: { now: () => new Date() },
    signInLimit: config.signIn,
    metrics: createSignInMetrics(metrics.registry, log.child({ subsystem: 'users:sign-in' })),
  };

  const server = await startGrpcFirstServer(basics, {
    service: UserService,
    implementation: createUsersHandlers(deps),
    info: {
      title: 'Users',
      version: '1.0.0',
      description:
        'Accounts and sign-in. Calls other than CreateUser, SignIn and the JWKS need authorization: Bearer <access token>.',
    },
    listen: config,
    guards: [createErrorHeaders(), createAuthGuard(deps)],
  });
  log.info({ kid: ring.signing.kid, verifying: [...ring.verifying.keys()] }, 'access token keys loaded');

  const cleanup = startPeriodicTask(
    'forget-ended-sign-in-windows',
    config.signIn.windowMs,
    () => forgetEndedSignInWindows(deps),
    log.child({ subsystem: 'users:sign-in-limit' }),
  );

  return runningService(server, deps, [() => cleanup.stop(), () => database.close()]);
}
