import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAdminSeedConfig, readUsersConfig } from '../src/config.ts';
import { generateSigningKey } from '../src/infra/signing-keys.ts';

const key = generateSigningKey();
const pem = createPrivateKey({ key, format: 'jwk' }).export({ format: 'pem', type: 'pkcs8' }) as string;
const refusal = (read: () => unknown) => {
  try {
    read();
    return '';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('readUsersConfig', () => {
  it('defaults to the contract ports, a 1 h token lifetime and 5 failures a minute', () => {
    const config = readUsersConfig({});
    expect(config).toMatchObject({ grpcPort: 8091, httpPort: 8092 });
    expect(config.tokens).toMatchObject({
      ttlSeconds: 3600,
      issuer: 'marketplace-users',
      signingKey: undefined,
    });
    expect(config.signIn).toEqual({ maxFailures: 5, windowMs: 60_000 });
  });

  it('reads TOKEN_TTL and the signing key inline (PEM or JWK) or from a file', () => {
    expect(readUsersConfig({ TOKEN_TTL: '15m' }).tokens.ttlSeconds).toBe(900);
    expect(readUsersConfig({ JWT_SIGNING_KEY: pem }).tokens.signingKey).toEqual(key);
    expect(readUsersConfig({ JWT_SIGNING_KEY: JSON.stringify(key) }).tokens.signingKey).toEqual(key);
    const file = join(mkdtempSync(join(tmpdir(), 'users-config-')), 'key.pem');
    writeFileSync(file, pem);
    expect(readUsersConfig({ JWT_SIGNING_KEY_FILE: file }).tokens.signingKey).toEqual(key);
  });

  it('refuses to start in production without a signing key, naming the variable', () => {
    expect(refusal(() => readUsersConfig({ NODE_ENV: 'production' }))).toMatch(
      /JWT_SIGNING_KEY: required when NODE_ENV=production/,
    );
    expect(refusal(() => readUsersConfig({ NODE_ENV: 'production', JWT_SIGNING_KEY: pem }))).toBe('');
  });

  it.each([
    [{ JWT_SIGNING_KEY: 'hex-0123' }, /JWT_SIGNING_KEY: expected a PEM key or a JWK/],
    [
      { JWT_SIGNING_KEY: pem, JWT_SIGNING_KEY_FILE: '/k.pem' },
      /JWT_SIGNING_KEY: set it or JWT_SIGNING_KEY_FILE, not both/,
    ],
    [
      { JWT_SIGNING_KEY_FILE: '/no/such/key.pem' },
      /JWT_SIGNING_KEY_FILE: unreadable|JWT_SIGNING_KEY_FILE: ENOENT/,
    ],
    [{ JWT_PREVIOUS_KEY_FILES: '/no/such/old.pem' }, /JWT_PREVIOUS_KEY_FILES: \/no\/such\/old.pem: ENOENT/],
    [{ TOKEN_TTL: 'soon' }, /TOKEN_TTL: expected a positive duration/],
    [{ SIGN_IN_MAX_FAILURES: '0' }, /SIGN_IN_MAX_FAILURES: expected an integer/],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(refusal(() => readUsersConfig(env))).toMatch(message);
  });

  it('refuses a public key as the signing key', () => {
    const { d: _, ...publicJwk } = key;
    expect(refusal(() => readUsersConfig({ JWT_SIGNING_KEY: JSON.stringify(publicJwk) }))).toMatch(
      /JWT_SIGNING_KEY: expected a private key/,
    );
  });

  it('keeps only the public halves of previous keys', () => {
    const older = generateSigningKey();
    const config = readUsersConfig({ JWT_PREVIOUS_KEYS: JSON.stringify([older]) });
    const { d: _, ...publicHalf } = older;
    expect(config.tokens.previousKeys).toEqual([publicHalf]);
  });
});

describe('readAdminSeedConfig', () => {
  it('reads the first admin', () => {
    const config = readAdminSeedConfig({ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'boss-password' });
    expect(config.admin).toEqual({
      email: 'boss@example.com',
      name: 'Administrator',
      password: 'boss-password',
    });
  });

  it('names missing or invalid values without ever showing the password', () => {
    const message = refusal(() => readAdminSeedConfig({ ADMIN_EMAIL: 'boss', ADMIN_PASSWORD: 'short-7' }));
    expect(message).toMatch(/ADMIN_EMAIL: must be a valid email address/);
    expect(message).toMatch(/ADMIN_PASSWORD: must be at least 8 characters/);
    expect(message).not.toContain('short-7');
    expect(refusal(() => readAdminSeedConfig({}))).toMatch(/ADMIN_EMAIL: .*\n.*ADMIN_PASSWORD: /);
  });
});
