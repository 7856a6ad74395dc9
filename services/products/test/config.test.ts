import { ConfigError } from '@marketplace/platform';
import { describe, expect, it } from 'vitest';
import { parseApiKeys, readProductsConfig } from '../src/config.ts';

describe('API_KEYS', () => {
  it('defaults to the development key testToken, the contract default', () => {
    expect(readProductsConfig({}).apiKeys).toEqual(['testToken']);
  });

  it('takes one key per client, named or bare, each its own rate-limit bucket', () => {
    const config = readProductsConfig({ API_KEYS: ' cart:c-1 , storefront:s-2,,testToken ' });
    expect(config.apiKeys).toEqual(['c-1', 's-2', 'testToken']);
    expect(parseApiKeys('cart:c-1,bare-key', false).clients).toEqual([
      { name: 'cart', key: 'c-1' },
      { name: 'key-2', key: 'bare-key' },
    ]);
  });

  it('keeps everything after the first colon of a named entry as the key', () => {
    expect(parseApiKeys('cart:a:b', false).clients).toEqual([{ name: 'cart', key: 'a:b' }]);
    expect(parseApiKeys(':abc', false).clients).toEqual([{ name: 'key-1', key: ':abc' }]);
  });

  it.each([
    ['cart:', 'API_KEYS: client "cart" has an empty key'],
    ['cart:x,cart:y', 'API_KEYS: client "cart" is named twice'],
    ['cart:x,storefront:x', 'API_KEYS: client "storefront" has the same key as another client'],
    [' , ', 'API_KEYS: expected at least one key'],
  ])('refuses %j in any environment', (value, problem) => {
    expect(() => readProductsConfig({ API_KEYS: value })).toThrow(problem);
  });

  describe('in production (NODE_ENV=production)', () => {
    const production = { NODE_ENV: 'production' };

    it.each([
      ['unset (the development default)', {}, 'client "key-1"'],
      ['empty', { API_KEYS: '' }, 'client "key-1"'],
      [
        'the development key of one client',
        { API_KEYS: 'cart:c-1,storefront:testToken' },
        'client "storefront"',
      ],
    ])('refuses to start with API_KEYS %s, naming the variable and the client', (_case, env, client) => {
      const read = () => readProductsConfig({ ...production, ...env });
      expect(read).toThrow(ConfigError);
      expect(read).toThrow(
        `API_KEYS: the development key "testToken" is refused when NODE_ENV=production (${client})`,
      );
    });

    it('refuses an empty key of a client', () => {
      expect(() => readProductsConfig({ ...production, API_KEYS: 'cart:c-1,storefront:' })).toThrow(
        'API_KEYS: client "storefront" has an empty key',
      );
    });

    it('starts with a key per client', () => {
      const config = readProductsConfig({ ...production, API_KEYS: 'cart:c-1,storefront:s-2' });
      expect(config.apiKeys).toEqual(['c-1', 's-2']);
    });

    it('reports the keys together with the other bad variables', () => {
      expect(() =>
        readProductsConfig({ ...production, HTTP_PORT: 'x', PRODUCTS_READ_LATENCY: 'soon' }),
      ).toThrow(/HTTP_PORT[\s\S]*API_KEYS: the development key[\s\S]*PRODUCTS_READ_LATENCY/);
    });
  });
});

describe('AUTH_MODE and LOMS_API_KEY', () => {
  it('is off by default, and jwt with the users service JWKS when asked', () => {
    expect(readProductsConfig({}).auth).toEqual({ mode: 'off' });
    expect(readProductsConfig({ AUTH_MODE: 'jwt' }).auth).toMatchObject({
      mode: 'jwt',
      jwksUrl: 'http://127.0.0.1:8092/.well-known/jwks.json',
    });
  });

  it('sends the development key to LOMS unless told otherwise', () => {
    expect(readProductsConfig({}).loms.apiKey).toBe('testToken');
    expect(readProductsConfig({ LOMS_API_KEY: 'products-key' }).loms.apiKey).toBe('products-key');
  });

  it('refuses the development LOMS key in production with AUTH_MODE=jwt, naming the variable', () => {
    const production = { NODE_ENV: 'production', API_KEYS: 'cart:c-1' };
    expect(() => readProductsConfig({ ...production, AUTH_MODE: 'jwt' })).toThrow(
      /LOMS_API_KEY: the development key/,
    );
    expect(readProductsConfig({ ...production, AUTH_MODE: 'jwt', LOMS_API_KEY: 'p-1' }).loms.apiKey).toBe(
      'p-1',
    );
    expect(readProductsConfig(production).loms.apiKey).toBe('testToken');
  });
});

describe('PRODUCTS_READ_LATENCY', () => {
  it('is 0 (no added latency) by default and takes 0 or a duration', () => {
    expect(readProductsConfig({}).readLatencyMs).toBe(0);
    expect(readProductsConfig({ PRODUCTS_READ_LATENCY: '0' }).readLatencyMs).toBe(0);
    expect(readProductsConfig({ PRODUCTS_READ_LATENCY: '600ms' }).readLatencyMs).toBe(600);
  });

  it('stops on a value that is not a duration, naming the variable', () => {
    expect(() => readProductsConfig({ PRODUCTS_READ_LATENCY: 'soon' })).toThrow(
      'PRODUCTS_READ_LATENCY: expected a duration like 0, 500ms, 1s, 15m, got "soon"',
    );
  });
});
