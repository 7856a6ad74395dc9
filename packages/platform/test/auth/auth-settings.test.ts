import { describe, expect, it } from 'vitest';
import { createApiKeyCheck } from '../../src/auth/api-key-check.ts';
import { readAuthSettings } from '../../src/auth/auth-settings.ts';
import { readEnv } from '../fixtures/read-env.ts';

const read = (env: Record<string, string>) => readEnv(env, readAuthSettings);

describe('auth settings', () => {
  it('are off unless AUTH_MODE says jwt', () => {
    expect(read({})).toEqual({ mode: 'off' });
    expect(read({ AUTH_MODE: 'off' })).toEqual({ mode: 'off' });
  });

  it('point at the users service by default in jwt mode', () => {
    expect(read({ AUTH_MODE: 'jwt' })).toEqual({
      mode: 'jwt',
      jwksUrl: 'http://127.0.0.1:8092/.well-known/jwks.json',
      issuer: 'marketplace-users',
      audience: undefined,
      clockToleranceSeconds: 5,
      jwksTimeoutMs: 3_000,
      jwksCooldownMs: 30_000,
      jwksMaxAgeMs: 600_000,
    });
  });

  it('take each setting from its variable', () => {
    expect(
      read({
        AUTH_MODE: 'jwt',
        USERS_JWKS_URL: 'https://users.internal/.well-known/jwks.json',
        TOKEN_ISSUER: '*',
        TOKEN_AUDIENCE: 'marketplace',
        TOKEN_CLOCK_TOLERANCE: '0',
        JWKS_TIMEOUT: '500ms',
        JWKS_COOLDOWN: '5s',
        JWKS_MAX_AGE: '1h',
      }),
    ).toMatchObject({
      jwksUrl: 'https://users.internal/.well-known/jwks.json',
      issuer: undefined,
      audience: 'marketplace',
      clockToleranceSeconds: 0,
      jwksTimeoutMs: 500,
      jwksCooldownMs: 5_000,
      jwksMaxAgeMs: 3_600_000,
    });
  });

  it('name every bad variable, in either mode', () => {
    expect(() =>
      read({
        AUTH_MODE: 'JWT',
        USERS_JWKS_URL: 'users:8092',
        TOKEN_CLOCK_TOLERANCE: '1h',
        JWKS_TIMEOUT: '0',
      }),
    ).toThrow(
      /AUTH_MODE: expected off or jwt, got "JWT"[\s\S]*USERS_JWKS_URL[\s\S]*TOKEN_CLOCK_TOLERANCE[\s\S]*JWKS_TIMEOUT/,
    );
  });
});

describe('API key check', () => {
  it('matches only the configured keys', () => {
    const check = createApiKeyCheck(['alpha', 'beta']);
    expect(['alpha', 'beta'].map(check)).toEqual([true, true]);
    expect(['alph', 'alphaa', '', undefined, null].map(check)).toEqual([false, false, false, false, false]);
    expect(createApiKeyCheck([''])('')).toBe(false);
  });
});
