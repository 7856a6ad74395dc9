import { errors, type JWTHeaderParameters, jwtVerify, SignJWT } from 'jose';
import type { AccessTokens } from '../app/ports.ts';
import { AccessTokenError } from '../domain/errors.ts';
import { isUserRole } from '../domain/user.ts';
import type { KeyRing } from './signing-keys.ts';

export interface AccessTokenOptions {
  /** The `iss` of issued tokens, required of verified ones. */
  issuer: string;
  ttlSeconds: number;
}

const ALGORITHM = 'ES256';
const USER_ID = /^[1-9]\d{0,18}$/;
const MAX_INT64 = 9223372036854775807n;

/**
 * Access tokens as JWTs signed with ES256 by the ring's signing key (its id in `kid`), verified
 * against every key of the ring: `sub` (the user id, decimal), `role`, `iss`, `iat` and `exp`.
 */
export function createJwtAccessTokens(ring: KeyRing, options: AccessTokenOptions): AccessTokens {
  const keyFor = (header: JWTHeaderParameters) => {
    if (!header.kid) throw new AccessTokenError('access token has no key id (kid)');
    const key = ring.verifying.get(header.kid);
    if (!key) throw new AccessTokenError('access token is signed by an unknown key');
    return key;
  };
  return {
    async issue(user, now) {
      const issuedAt = Math.floor(now.getTime() / 1000);
      const token = await new SignJWT({ role: user.role })
        .setProtectedHeader({ alg: ALGORITHM, kid: ring.signing.kid, typ: 'JWT' })
        .setSubject(user.id.toString())
        .setIssuer(options.issuer)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + options.ttlSeconds)
        .sign(ring.signing.privateKey);
      return { token, expiresInSeconds: options.ttlSeconds };
    },

    async verify(token, now) {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, keyFor, {
          algorithms: [ALGORITHM],
          issuer: options.issuer,
          currentDate: now,
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (err) {
        throw describe(err);
      }
      const { sub, role } = payload;
      if (typeof sub !== 'string' || !USER_ID.test(sub) || BigInt(sub) > MAX_INT64)
        throw new AccessTokenError('access token has no valid subject (sub)');
      if (typeof role !== 'string' || !isUserRole(role))
        throw new AccessTokenError('access token has no valid role');
      return { userId: BigInt(sub), role };
    },

    publicKeys: () => ring.jwks.map((jwk) => ({ ...jwk })),
  };
}

/** What was wrong with a token, in words a client can act on; never the token itself. */
function describe(err: unknown): Error {
  if (err instanceof AccessTokenError) return err;
  if (err instanceof errors.JWTExpired) return new AccessTokenError('access token has expired');
  if (err instanceof errors.JWTClaimValidationFailed)
    return new AccessTokenError(`access token claim ${err.claim} is invalid`);
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return new AccessTokenError('access token signature is invalid');
  if (err instanceof errors.JOSEAlgNotAllowed)
    return new AccessTokenError(`access token must be signed with ${ALGORITHM}`);
  if (err instanceof errors.JOSEError) return new AccessTokenError('access token is malformed');
  return err instanceof Error ? err : new Error(String(err));
}
