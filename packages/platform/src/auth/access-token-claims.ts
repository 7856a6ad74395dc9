import { errors, type JWTPayload } from 'jose';
import { UnavailableError } from '../errors.ts';
import { AccessTokenError, type Caller, type CallerRole } from './caller.ts';

/** The one algorithm access tokens are signed with. */
export const ACCESS_TOKEN_ALGORITHM = 'ES256';

const USER_ID = /^[1-9]\d{0,18}$/;
const MAX_INT64 = 9223372036854775807n;
const ROLES: readonly string[] = ['customer', 'admin'] satisfies CallerRole[];

/**
 * The caller the claims of a verified access token name: `sub`, the user id as a decimal int64,
 * and `role`; AccessTokenError when either is missing or unusable.
 */
export function callerFromClaims(payload: JWTPayload): Caller {
  const { sub, role } = payload;
  if (typeof sub !== 'string' || !USER_ID.test(sub) || BigInt(sub) > MAX_INT64)
    throw new AccessTokenError('access token has no valid subject (sub)');
  if (typeof role !== 'string' || !ROLES.includes(role))
    throw new AccessTokenError('access token has no valid role');
  return { userId: BigInt(sub), role: role as CallerRole };
}

/**
 * What was wrong with a token that failed verification, in words a client can act on (an
 * AccessTokenError); never the token itself. An UnavailableError (no keys to be had) stays one.
 */
export function describeTokenError(err: unknown): Error {
  if (err instanceof AccessTokenError || err instanceof UnavailableError) return err;
  if (err instanceof errors.JWTExpired) return new AccessTokenError('access token has expired');
  if (err instanceof errors.JWTClaimValidationFailed)
    return new AccessTokenError(`access token claim ${err.claim} is invalid`);
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return new AccessTokenError('access token signature is invalid');
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys)
    return new AccessTokenError('access token is signed by an unknown key');
  if (err instanceof errors.JOSEAlgNotAllowed)
    return new AccessTokenError(`access token must be signed with ${ACCESS_TOKEN_ALGORITHM}`);
  if (err instanceof errors.JOSEError) return new AccessTokenError('access token is malformed');
  return err instanceof Error ? err : new Error(String(err));
}
