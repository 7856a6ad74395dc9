import { ACCESS_TOKEN_ALGORITHM, callerFromClaims, describeTokenError } from '@marketplace/platform';
import { type JWTHeaderParameters, jwtVerify, SignJWT } from 'jose';
import type { AccessTokens } from '../app/ports.ts';
import { AccessTokenError } from '../domain/errors.ts';
import type { KeyRing } from './signing-keys.ts';

export interface AccessTokenOptions {
  /** The `iss` of issued tokens, required of verified ones. */
  issuer: string;
  ttlSeconds: number;
}

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
        .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid: ring.signing.kid, typ: 'JWT' })
        .setSubject(user.id.toString())
        .setIssuer(options.issuer)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + options.ttlSeconds)
        .sign(ring.signing.privateKey);
      return { token, expiresInSeconds: options.ttlSeconds };
    },

    async verify(token, now) {
      try {
        const { payload } = await jwtVerify(token, keyFor, {
          algorithms: [ACCESS_TOKEN_ALGORITHM],
          issuer: options.issuer,
          currentDate: now,
          requiredClaims: ['sub', 'exp'],
        });
        return callerFromClaims(payload);
      } catch (err) {
        throw describeTokenError(err);
      }
    },

    publicKeys: () => ring.jwks.map((jwk) => ({ ...jwk })),
  };
}
