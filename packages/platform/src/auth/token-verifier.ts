import { errors, type JWTPayload, jwtVerify } from 'jose';
import type { Logger } from 'pino';
import { UnavailableError } from '../errors.ts';
import type { TokenSettings } from './auth-settings.ts';
import { AccessTokenError, type Caller, type CallerRole } from './caller.ts';
import { createJwksKeys } from './jwks-keys.ts';

/** Checks access tokens offline against the users service's public keys. */
export interface TokenVerifier {
  /**
   * The caller a token names: AccessTokenError (Unauthenticated) when it is malformed, expired,
   * signed by an unknown key or says nothing usable; UnavailableError when no keys can be had.
   */
  verify(token: string): Promise<Caller>;
  /** The same from an `authorization` header: `Bearer <token>` (AccessTokenError when missing or not). */
  authenticate(authorization: string | null | undefined): Promise<Caller>;
}

export interface TokenVerifierOptions {
  /** The time tokens are checked at (default: now). */
  now?: () => Date;
  log?: Logger;
}

const ALGORITHM = 'ES256';
const BEARER = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i;
const USER_ID = /^[1-9]\d{0,18}$/;
const MAX_INT64 = 9223372036854775807n;
const ROLES: readonly string[] = ['customer', 'admin'] satisfies CallerRole[];

/**
 * A verifier of the users service's tokens: ES256 only, a `kid` in the header, `sub` (the user id,
 * decimal int64), `role`, `exp`, and `iss`/`aud` when the settings name them. Keys come from the
 * JWKS, cached and refetched when a token names a key the cache does not hold (see createJwksKeys).
 */
export function createTokenVerifier(
  settings: TokenSettings,
  options: TokenVerifierOptions = {},
): TokenVerifier {
  const keys = createJwksKeys(settings, options.log);
  const verify = async (token: string): Promise<Caller> => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: [ALGORITHM],
        issuer: settings.issuer,
        audience: settings.audience,
        clockTolerance: settings.clockToleranceSeconds,
        currentDate: options.now?.(),
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (err) {
      throw describe(err);
    }
    const { sub, role } = payload;
    if (typeof sub !== 'string' || !USER_ID.test(sub) || BigInt(sub) > MAX_INT64)
      throw new AccessTokenError('access token has no valid subject (sub)');
    if (typeof role !== 'string' || !ROLES.includes(role))
      throw new AccessTokenError('access token has no valid role');
    return { userId: BigInt(sub), role: role as CallerRole };
  };
  return {
    verify,
    async authenticate(authorization) {
      if (!authorization)
        throw new AccessTokenError('missing access token: send authorization: Bearer <token>');
      const match = BEARER.exec(authorization);
      if (!match) throw new AccessTokenError('authorization must be "Bearer <token>"');
      return verify(match[1]!);
    },
  };
}

/** What was wrong with a token, in words a client can act on; never the token itself. */
function describe(err: unknown): Error {
  if (err instanceof AccessTokenError || err instanceof UnavailableError) return err;
  if (err instanceof errors.JWTExpired) return new AccessTokenError('access token has expired');
  if (err instanceof errors.JWTClaimValidationFailed)
    return new AccessTokenError(`access token claim ${err.claim} is invalid`);
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return new AccessTokenError('access token signature is invalid');
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys)
    return new AccessTokenError('access token is signed by an unknown key');
  if (err instanceof errors.JOSEAlgNotAllowed)
    return new AccessTokenError(`access token must be signed with ${ALGORITHM}`);
  if (err instanceof errors.JOSEError) return new AccessTokenError('access token is malformed');
  return err instanceof Error ? err : new Error(String(err));
}
