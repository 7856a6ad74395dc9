import type { DescService, MessageShape } from '@bufbuild/protobuf';
import { ConnectError, type Interceptor, type UnaryRequest } from '@connectrpc/connect';
import { PermissionDeniedError } from '../errors.ts';
import { AccessTokenError, assertAdmin, assertCallerIs, type Caller, callerKey } from './caller.ts';
import type { TokenVerifier } from './token-verifier.ts';

/**
 * Who may call a method: `anyone` (no token read), any `signed-in` caller (the handler may apply an
 * ownership rule to the caller in its context), or a signed-in caller the check lets through (it
 * throws PermissionDenied otherwise).
 */
export type AccessPolicy<Request> = 'anyone' | 'signed-in' | ((caller: Caller, request: Request) => void);

/** One policy per method of `S`: the compiler refuses a table that misses a method. */
export type AccessPolicies<S extends DescService> = {
  [K in keyof S['method']]: AccessPolicy<MessageShape<S['method'][K]['input']>>;
};

/** The request's user id (`field`, named in the error) must be the caller's own. */
export function callerMustBe<Request>(field: string, userIdOf: (request: Request) => bigint) {
  return (caller: Caller, request: Request): void => assertCallerIs(caller, field, userIdOf(request));
}

/** The request's `user_id` must be the caller's own: the rule of a call made on a user's behalf. */
export const callerIsTheUser = callerMustBe('user_id', (request: { userId: bigint }) => request.userId);

/** Only an admin may call; `what` names the call in the error. */
export function adminOnly(what: string) {
  return (caller: Caller): void => assertAdmin(caller, what);
}

export interface AuthGuardOptions<S extends DescService> {
  service: S;
  verifier: TokenVerifier;
  policies: AccessPolicies<S>;
  /**
   * Calls that pass without a token, whatever their policy says: another service's call carrying a
   * credential of its own that the service checks here (e.g. an X-API-KEY).
   */
  trusted?: (request: UnaryRequest) => boolean;
}

/**
 * Authorizes each call of `service` by its method's policy (AUTH_MODE=jwt). The bearer token in
 * `authorization` (gRPC metadata, or the HTTP header the REST gateway forwards) is verified:
 * Unauthenticated with `www-authenticate: Bearer` when it is missing or bad. The policy then decides
 * (PermissionDenied), and the caller goes to the handler as the context value `callerKey`. Other
 * services (health, reflection) pass. Give it to startGrpcFirstServer as a guard, so it runs
 * inside the error mapping and before request validation (createServerInterceptors).
 */
export function createAuthGuard<S extends DescService>(options: AuthGuardOptions<S>): Interceptor {
  const { service, verifier, trusted } = options;
  const policies = options.policies as Record<string, AccessPolicy<unknown> | undefined>;
  return (next) => async (req) => {
    if (req.service.typeName !== service.typeName) return next(req);
    const policy = policies[req.method.localName];
    if (policy === 'anyone') return next(req);
    if (policy === undefined || req.stream) throw new PermissionDeniedError('permission denied');
    if (trusted?.(req)) return next(req);
    const caller = await authenticate(verifier, req.header.get('authorization'));
    if (typeof policy === 'function') policy(caller, req.message);
    req.contextValues.set(callerKey, caller);
    return next(req);
  };
}

/** The verified caller; a bad token becomes Unauthenticated with the RFC 6750 challenge. */
async function authenticate(verifier: TokenVerifier, authorization: string | null): Promise<Caller> {
  try {
    return await verifier.authenticate(authorization);
  } catch (err) {
    if (!(err instanceof AccessTokenError)) throw err;
    throw new ConnectError(err.message, err.code, { 'www-authenticate': bearerChallenge(authorization) });
  }
}

/** `Bearer` alone when no credential was sent, with `error="invalid_token"` when a bad one was. */
export function bearerChallenge(authorization: string | null | undefined): string {
  return authorization ? 'Bearer error="invalid_token"' : 'Bearer';
}
