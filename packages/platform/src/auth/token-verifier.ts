import { type JWTPayload, jwtVerify } from 'jose';
import type { Logger } from 'pino';
import { ACCESS_TOKEN_ALGORITHM, callerFromClaims, describeTokenError } from './access-token-claims.ts';
import type { TokenSettings } from './auth-settings.ts';
import { AccessTokenError, type Caller } from './caller.ts';
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

const BEARER = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i;

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
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        issuer: settings.issuer,
        audience: settings.audience,
        clockTolerance: settings.clockToleranceSeconds,
        currentDate: options.now?.(),
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (err) {
      throw describeTokenError(err);
    }
    return callerFromClaims(payload);
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
