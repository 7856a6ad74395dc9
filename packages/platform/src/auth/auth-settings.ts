import { type EnvReader, parseDuration } from '../config.ts';

/** How a service learns who calls it: `off` keeps the contract's user ids as given; `jwt` needs a token. */
export type AuthMode = 'off' | 'jwt';

/** Where access tokens are checked against, and how strictly. */
export interface TokenSettings {
  /** The users service's public keys. */
  jwksUrl: string;
  /** Required `iss`; undefined accepts any. */
  issuer: string | undefined;
  /** Required `aud`; undefined accepts a token without one. */
  audience: string | undefined;
  /** Leeway on `exp`, `nbf` and `iat` for clocks that drift apart. */
  clockToleranceSeconds: number;
  /** Deadline of one JWKS fetch. */
  jwksTimeoutMs: number;
  /** Least time between two JWKS fetches caused by unknown key ids (or after a failed fetch). */
  jwksCooldownMs: number;
  /** How long a fetched JWKS is used before it is fetched again. */
  jwksMaxAgeMs: number;
}

export type AuthSettings = { mode: 'off' } | ({ mode: 'jwt' } & TokenSettings);

const MODES: readonly AuthMode[] = ['off', 'jwt'];

/**
 * Reads the authentication settings with the service's own reader, so its `done()` reports them
 * with the rest. Variables and defaults: `AUTH_MODE` (off), `USERS_JWKS_URL`
 * (http://127.0.0.1:8092/.well-known/jwks.json), `TOKEN_ISSUER` (marketplace-users, as the users
 * service issues; `*` accepts any), `TOKEN_AUDIENCE` (none), `TOKEN_CLOCK_TOLERANCE` (5s, 0 allowed),
 * `JWKS_TIMEOUT` (3s), `JWKS_COOLDOWN` (30s), `JWKS_MAX_AGE` (10m). The token settings are read and
 * checked in either mode, so a typo shows before anyone switches to jwt.
 */
export function readAuthSettings(read: EnvReader): AuthSettings {
  const mode = read.string('AUTH_MODE', 'off');
  const known = MODES.includes(mode as AuthMode);
  if (!known) read.problem('AUTH_MODE', `expected off or jwt, got "${mode}"`);
  const jwksUrl = read.string('USERS_JWKS_URL', 'http://127.0.0.1:8092/.well-known/jwks.json');
  if (!isHttpUrl(jwksUrl)) read.problem('USERS_JWKS_URL', `expected an http(s) URL, got "${jwksUrl}"`);
  const issuer = read.string('TOKEN_ISSUER', 'marketplace-users');
  const tolerance = read.string('TOKEN_CLOCK_TOLERANCE', '5s');
  const toleranceMs = parseDuration(tolerance);
  if (toleranceMs === undefined || toleranceMs > 300_000)
    read.problem('TOKEN_CLOCK_TOLERANCE', `expected a duration from 0 to 5m like 5s, got "${tolerance}"`);
  const token: TokenSettings = {
    jwksUrl,
    issuer: issuer === '*' ? undefined : issuer,
    audience: read.optionalString('TOKEN_AUDIENCE'),
    clockToleranceSeconds: (toleranceMs ?? 0) / 1000,
    jwksTimeoutMs: read.durationMs('JWKS_TIMEOUT', '3s'),
    jwksCooldownMs: read.durationMs('JWKS_COOLDOWN', '30s'),
    jwksMaxAgeMs: read.durationMs('JWKS_MAX_AGE', '10m'),
  };
  return known && mode === 'jwt' ? { mode, ...token } : { mode: 'off' };
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}
