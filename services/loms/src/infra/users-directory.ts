import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import {
  type CircuitStateName,
  createClientPolicies,
  createGrpcClient,
  createResilientCall,
  isServerFailure,
  isTransientRpcError,
  type Logger,
  UnavailableError,
} from '@marketplace/platform';
import { UserService } from '@marketplace/proto/marketplace/users/v1/users_pb';
import type { Registry } from 'prom-client';
import type { UserDirectory } from '../app/ports.ts';
import type { UsersCheckSettings } from '../config.ts';
import type { UserStanding } from '../domain/user-standing.ts';
import { createUsersSession, SignInRefusedError } from './users-session.ts';

export interface UsersDirectory extends UserDirectory {
  readonly circuit: CircuitStateName;
  close(): void;
}

/**
 * The users service over gRPC: GetUser with LOMS's own access token when it has an account
 * (GetUser answers an admin about any user), or else with the caller's token (the user reading their
 * own account). Each attempt has a deadline, Unavailable/ResourceExhausted are retried, and a circuit
 * breaker shared with the sign-in shows its state in `client_circuit_breaker_state{client="users"}`.
 * Any failure to get an answer is a standing of `unchecked`, never an error.
 */
export function createUsersDirectory(
  settings: UsersCheckSettings,
  interceptors: Interceptor[],
  log: Logger,
  registry: Registry,
): UsersDirectory {
  const { breaker, onRetry } = createClientPolicies('users', settings, registry, log);
  const { client, close } = createGrpcClient(UserService, settings.address, interceptors);
  const call = createResilientCall({
    timeoutMs: settings.callTimeoutMs,
    attempts: settings.retryAttempts,
    breaker,
    onRetry,
  });
  // One attempt: a sign-in is rare (once per token lifetime), and a refused one must not be repeated.
  const signInCall = createResilientCall({ timeoutMs: settings.callTimeoutMs, attempts: 1, breaker });
  const { email, password } = settings;
  const session = email
    ? createUsersSession({
        log,
        signIn: async () => {
          const answer = await signInCall((options) => client.signIn({ email, password }, options));
          return { accessToken: answer.accessToken, expiresInSeconds: answer.expiresIn };
        },
      })
    : undefined;

  const getUser = (id: bigint, authorization: string) =>
    call((options) => client.getUser({ id }, { ...options, headers: { authorization } }));

  const lookUp = async (id: bigint, callerAuthorization: string | undefined) => {
    if (!session) {
      if (!callerAuthorization) throw new MissingCredentialsError();
      return getUser(id, callerAuthorization);
    }
    const authorization = await session.authorization();
    try {
      return await getUser(id, authorization);
    } catch (err) {
      if (!(err instanceof ConnectError && err.code === Code.Unauthenticated)) throw err;
      session.invalidate(authorization);
      return getUser(id, await session.authorization());
    }
  };

  return {
    get circuit() {
      return breaker.state;
    },
    close,
    async standing(userId, callerAuthorization) {
      try {
        const { user } = await lookUp(userId, callerAuthorization);
        return user ? { kind: 'known', status: user.status } : { kind: 'unknown' };
      } catch (err) {
        return standingAfter(err, userId, log);
      }
    },
  };
}

/** Neither an account of LOMS's own nor a caller's token: only possible when AUTH_MODE=jwt is not guarding. */
class MissingCredentialsError extends Error {
  constructor() {
    super('no credentials for the users service: set USERS_EMAIL and USERS_PASSWORD, or AUTH_MODE=jwt');
    this.name = 'MissingCredentialsError';
  }
}

function standingAfter(err: unknown, userId: bigint, log: Logger): UserStanding {
  if (err instanceof ConnectError && err.code === Code.NotFound) return { kind: 'unknown' };
  // The breaker's own error: the circuit is open and the call was not made.
  if (err instanceof UnavailableError) return { kind: 'unchecked', reason: 'circuit_open' };
  if (isServerFailure(err) || isTransientRpcError(err)) {
    log.warn(
      { userId, code: ConnectError.from(err).code },
      'users service did not answer: order placed unchecked',
    );
    return { kind: 'unchecked', reason: 'unavailable' };
  }
  // Logged by the session, once per refusal.
  if (err instanceof SignInRefusedError) return { kind: 'unchecked', reason: 'error' };
  log.error({ err, userId }, 'users service refused the check: order placed unchecked');
  return { kind: 'unchecked', reason: 'error' };
}
