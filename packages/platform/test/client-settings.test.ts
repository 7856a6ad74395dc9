import { describe, expect, it } from 'vitest';
import { readClientBreakerSettings, readClientCallSettings, readConfig } from '../src/index.ts';

const callSettings = (env: Record<string, string>) =>
  readConfig(env, (read) => readClientCallSettings(read, 'USERS', { callTimeout: '1s', retryAttempts: 2 }));
const breakerSettings = (env: Record<string, string>) =>
  readConfig(env, (read) => readClientBreakerSettings(read, 'PRODUCTS'));

describe('the settings of a client of another service', () => {
  it("take the client's own defaults for the deadline and the attempts of each call", () => {
    expect(callSettings({})).toEqual({ callTimeoutMs: 1_000, retryAttempts: 2 });
  });

  it('are named after the target service', () => {
    expect(callSettings({ USERS_CALL_TIMEOUT: '250ms', USERS_RETRY_ATTEMPTS: '4' })).toEqual({
      callTimeoutMs: 250,
      retryAttempts: 4,
    });
    expect(
      breakerSettings({ PRODUCTS_BREAKER_FAILURES: '9', PRODUCTS_BREAKER_HALF_OPEN_AFTER: '1m' }),
    ).toEqual({ breakerFailures: 9, breakerHalfOpenAfterMs: 60_000 });
  });

  it('open the circuit after 5 failures and try again after 5 s unless told otherwise', () => {
    expect(breakerSettings({})).toEqual({ breakerFailures: 5, breakerHalfOpenAfterMs: 5_000 });
  });

  it('refuse a call that is never tried, more than 10 attempts and a zero deadline, naming the variable', () => {
    expect(() => callSettings({ USERS_RETRY_ATTEMPTS: '0' })).toThrow(
      /USERS_RETRY_ATTEMPTS: expected an integer in \[1, 10\]/,
    );
    expect(() => callSettings({ USERS_RETRY_ATTEMPTS: '11' })).toThrow(/USERS_RETRY_ATTEMPTS/);
    expect(() => callSettings({ USERS_CALL_TIMEOUT: '0s' })).toThrow(
      /USERS_CALL_TIMEOUT: expected a positive duration/,
    );
    expect(() => breakerSettings({ PRODUCTS_BREAKER_FAILURES: '1001' })).toThrow(/PRODUCTS_BREAKER_FAILURES/);
  });
});
