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
      readOnly: true,
    });
    expect(config.upstreams.loms.baseUrl).toBe('http://127.0.0.1:8084');
    expect(config.upstreams.comments.baseUrl).toBe('http://127.0.0.1:8086');
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

  it('names every bad variable at once', () => {
    const read = () =>
      readStorefrontConfig({ LOMS_URL: 'loms:8084', HTTP_PORT: 'x', COMMENTS_URL: 'ftp://c' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/HTTP_PORT: expected an integer/);
    expect(read).toThrow(/LOMS_URL: expected an http:\/\/ or https:\/\/ URL, got "loms:8084"/);
    expect(read).toThrow(/COMMENTS_URL/);
  });
});
