import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
} from 'jose';
import type { Logger } from 'pino';
import { UnavailableError } from '../errors.ts';
import type { TokenSettings } from './auth-settings.ts';
import { AccessTokenError } from './caller.ts';

type KeyFor = ReturnType<typeof createLocalJWKSet>;

/**
 * The key that verifies a token, from the JWKS at `jwksUrl` (jose's remote JWK set): fetched on
 * first use, kept `jwksMaxAgeMs`, fetched again when a token names a `kid` it does not hold (at most
 * once per `jwksCooldownMs`), each fetch bounded by `jwksTimeoutMs`. When a fetch fails, the keys
 * fetched before stay in use and no fetch is tried for a cooldown, so an outage of the users service
 * neither stops known tokens nor makes every call wait for a timeout; with no keys at all, calls
 * are Unavailable.
 */
export function createJwksKeys(settings: TokenSettings, log?: Logger): KeyFor {
  const remote = createRemoteJWKSet(new URL(settings.jwksUrl), {
    timeoutDuration: settings.jwksTimeoutMs,
    cooldownDuration: settings.jwksCooldownMs,
    cacheMaxAge: settings.jwksMaxAgeMs,
  });
  let failedAt = Number.NEGATIVE_INFINITY;
  const known = (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    const jwks = remote.jwks();
    if (!jwks) throw new UnavailableError('cannot check access tokens now: the signing keys are unavailable');
    return createLocalJWKSet(jwks)(header, token);
  };
  const keyFor = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    if (!header.kid) throw new AccessTokenError('access token has no key id (kid)');
    if (Date.now() - failedAt < settings.jwksCooldownMs) return known(header, token);
    try {
      return await remote(header, token);
    } catch (err) {
      if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys)
        throw err;
      failedAt = Date.now();
      log?.warn({ err, url: settings.jwksUrl }, 'JWKS fetch failed; using the keys fetched before');
      return known(header, token);
    }
  };
  return keyFor as KeyFor;
}
