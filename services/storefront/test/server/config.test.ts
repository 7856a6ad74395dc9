import { ConfigError } from '@marketplace/platform';
import { describe, expect, it } from 'vitest';
import { readStorefrontConfig } from '../../src/config.ts';

describe('readStorefrontConfig', () => {
  it('defaults to port 8090 and the services on their default local ports', () => {
    const config = readStorefrontConfig({});
    expect(config.httpPort).toBe(8090);
    expect(config.upstreamTimeoutMs).toBe(10_000);
    expect(config.upstreams.cart.baseUrl).toBe('http://127.0.0.1:8080');
    expect(config.upstreams.products).toEqual({
      baseUrl: 'http://127.0.0.1:8082',
      headers: { 'x-api-key': 'testToken' },
      visitorToken: false,
    });
    expect(config.upstreams.loms.baseUrl).toBe('http://127.0.0.1:8084');
    expect(config.upstreams.comments.baseUrl).toBe('http://127.0.0.1:8086');
    expect(config.upstreams.users).toEqual({
      baseUrl: 'http://127.0.0.1:8092',
      headers: {},
      visitorToken: true,
    });
    expect(config.auth).toEqual({ mode: 'off' });
  });

  it('reads AUTH_MODE and the token settings as the services do', () => {
    const config = readStorefrontConfig({
      AUTH_MODE: 'jwt',
      USERS_URL: 'http://users:8092',
      USERS_JWKS_URL: 'http://users:8092/.well-known/jwks.json',
    });
    expect(config.upstreams.users.baseUrl).toBe('http://users:8092');
    expect(config.auth).toMatchObject({
      mode: 'jwt',
      jwksUrl: 'http://users:8092/.well-known/jwks.json',
      issuer: 'marketplace-users',
    });
    // The visitor's token goes to the services that check it, never to products (the storefront's key).
    expect(Object.entries(config.upstreams).filter(([, upstream]) => !upstream.visitorToken)).toEqual([
      ['products', expect.anything()],
    ]);
    expect(() => readStorefrontConfig({ AUTH_MODE: 'on' })).toThrow(
      /AUTH_MODE: expected off or jwt, got "on"/,
    );
  });

  it('takes URLs, key and timeout from the environment, without a trailing slash', () => {
    const config = readStorefrontConfig({
      CART_URL: 'http://cart:80/',
      PRODUCTS_API_KEY: 'secret',
      UPSTREAM_TIMEOUT: '750ms',
    });
    expect(config.upstreams.cart.baseUrl).toBe('http://cart:80');
    expect(config.upstreams.products.headers).toEqual({ 'x-api-key': 'secret' });
    expect(config.upstreamTimeoutMs).toBe(750);
  });

  it('reads the HTTP edge settings: CORS origins and the per-client limit', () => {
    expect(readStorefrontConfig({}).edges.corsOrigins).toContain('http://localhost:8090');
    const config = readStorefrontConfig({ CORS_ORIGINS: 'https://shop.example', RATE_LIMIT_PER_IP: '5' });
    expect(config.edges).toMatchObject({ corsOrigins: ['https://shop.example'], perIpRatePerSecond: 5 });
  });

  describe('in production (NODE_ENV=production)', () => {
    const production = { NODE_ENV: 'production' };
    it.each([
      ['unset (the development default)', {}],
      ['the development key', { PRODUCTS_API_KEY: 'testToken' }],
      ['empty', { PRODUCTS_API_KEY: '' }],
      ['blank', { PRODUCTS_API_KEY: '   ' }],
    ])('refuses to start with PRODUCTS_API_KEY %s, naming the variable', (_case, env) => {
      const read = () => readStorefrontConfig({ ...production, ...env });
      expect(read).toThrow(ConfigError);
      expect(read).toThrow(
        /PRODUCTS_API_KEY: the development key "testToken" \(or an empty key\) is refused/,
      );
    });

    it("starts with the storefront's own key", () => {
      const config = readStorefrontConfig({ ...production, PRODUCTS_API_KEY: 'sf-3c1d9a' });
      expect(config.upstreams.products.headers).toEqual({ 'x-api-key': 'sf-3c1d9a' });
    });

    it('reports the key together with the other bad variables', () => {
      expect(() => readStorefrontConfig({ ...production, HTTP_PORT: 'x' })).toThrow(
        /HTTP_PORT: expected an integer[\s\S]*PRODUCTS_API_KEY: the development key/,
      );
    });
  });

  it('names every bad variable at once', () => {
    const read = () =>
      readStorefrontConfig({ LOMS_URL: 'loms:8084', HTTP_PORT: 'x', COMMENTS_URL: 'ftp://c' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/HTTP_PORT: expected an integer/);
    expect(read).toThrow(/LOMS_URL: expected an http:\/\/ or https:\/\/ URL, got "loms:8084"/);
    expect(read).toThrow(/COMMENTS_URL/);
  });
});
