import { ConfigError } from '@marketplace/platform';
import { describe, expect, it } from 'vitest';
import { readLomsConfig } from '../src/config.ts';

const CREDENTIALS = { USERS_EMAIL: 'loms@example.com', USERS_PASSWORD: 'a long password' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    readLomsConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('the users check settings', () => {
  it('are off by default, so OrderCreate keeps the course contract', () => {
    expect(readLomsConfig({}).users).toEqual({
      enabled: false,
      address: '127.0.0.1:8091',
      email: '',
      password: '',
      callTimeoutMs: 1_000,
      retryAttempts: 2,
      breakerFailures: 5,
      breakerHalfOpenAfterMs: 5_000,
    });
  });

  it('are on by default with AUTH_MODE=jwt, and USERS_CHECK wins either way', () => {
    expect(readLomsConfig({ AUTH_MODE: 'jwt' }).users.enabled).toBe(true);
    expect(readLomsConfig({ AUTH_MODE: 'jwt', USERS_CHECK: 'off' }).users.enabled).toBe(false);
    expect(readLomsConfig({ USERS_CHECK: 'on', ...CREDENTIALS }).users.enabled).toBe(true);
  });

  it('need the account LOMS signs in as when on without AUTH_MODE=jwt', () => {
    const required = 'required when USERS_CHECK=on and AUTH_MODE=off (an admin account of the users service)';
    expect(problemsOf({ USERS_CHECK: 'on' })).toEqual([
      `USERS_EMAIL: ${required}`,
      `USERS_PASSWORD: ${required}`,
    ]);
    expect(problemsOf({ USERS_CHECK: 'on', USERS_EMAIL: 'loms@example.com' })).toEqual([
      `USERS_PASSWORD: ${required}`,
    ]);
  });

  it("pass on the caller's token with AUTH_MODE=jwt when no account is set, but refuse half an account", () => {
    expect(readLomsConfig({ AUTH_MODE: 'jwt' }).users).toMatchObject({ enabled: true, email: '' });
    expect(problemsOf({ AUTH_MODE: 'jwt', USERS_EMAIL: 'loms@example.com' })).toEqual([
      'USERS_PASSWORD: set it too, or neither',
    ]);
  });

  it('refuse bad values, naming each variable', () => {
    const problems = problemsOf({
      USERS_CHECK: 'yes',
      USERS_CALL_TIMEOUT: '0s',
      USERS_RETRY_ATTEMPTS: '0',
      USERS_BREAKER_FAILURES: 'many',
      USERS_BREAKER_HALF_OPEN_AFTER: 'soon',
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'USERS_CHECK',
      'USERS_CALL_TIMEOUT',
      'USERS_RETRY_ATTEMPTS',
      'USERS_BREAKER_FAILURES',
      'USERS_BREAKER_HALF_OPEN_AFTER',
    ]);
  });
});
