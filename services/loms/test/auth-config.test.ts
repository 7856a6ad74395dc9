import { describe, expect, it } from 'vitest';
import { readLomsConfig } from '../src/config.ts';

describe('AUTH_MODE and SERVICE_API_KEYS', () => {
  it('are off, with the development service key, by default', () => {
    expect(readLomsConfig({}).auth).toEqual({ settings: { mode: 'off' }, serviceKeys: ['testToken'] });
  });

  it('take jwt mode and a list of service keys', () => {
    const { auth } = readLomsConfig({
      AUTH_MODE: 'jwt',
      USERS_CHECK: 'off',
      SERVICE_API_KEYS: ' p-1 , ,p-2',
    });
    expect(auth.settings).toMatchObject({
      mode: 'jwt',
      jwksUrl: 'http://127.0.0.1:8092/.well-known/jwks.json',
    });
    expect(auth.serviceKeys).toEqual(['p-1', 'p-2']);
  });

  it('refuse the development service key in production with AUTH_MODE=jwt, naming the variable', () => {
    const production = { NODE_ENV: 'production', AUTH_MODE: 'jwt', USERS_CHECK: 'off' };
    expect(() => readLomsConfig(production)).toThrow(/SERVICE_API_KEYS: the development key "testToken"/);
    expect(readLomsConfig({ ...production, SERVICE_API_KEYS: 'p-1' }).auth.serviceKeys).toEqual(['p-1']);
    expect(readLomsConfig({ NODE_ENV: 'production' }).auth.serviceKeys).toEqual(['testToken']);
  });

  it('name a bad AUTH_MODE', () => {
    expect(() => readLomsConfig({ AUTH_MODE: 'on' })).toThrow(/AUTH_MODE: expected off or jwt, got "on"/);
  });
});
