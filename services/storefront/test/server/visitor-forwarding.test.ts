import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitorAddressResolver } from '../../src/visitor-address.ts';
import { json, startFakeUpstream } from '../support/fake-upstream.ts';
import { requestFrom } from '../support/request-from.ts';
import { startTestStorefront } from '../support/test-storefront.ts';

describe('visitorAddressResolver', () => {
  const direct = visitorAddressResolver([]);
  const behindProxy = visitorAddressResolver(['10.0.0.0/8', '127.0.0.1']);

  it("is the TCP peer when no proxy is trusted, whatever the visitor's X-Forwarded-For says", () => {
    expect(direct('203.0.113.7', undefined)).toBe('203.0.113.7');
    expect(direct('203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
    expect(direct('::ffff:203.0.113.7', undefined)).toBe('203.0.113.7');
    expect(direct('2001:db8::1', '198.51.100.1')).toBe('2001:db8::1');
  });

  it('is the TCP peer when the peer is not trusted', () => {
    expect(behindProxy('203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
  });

  it('behind a trusted peer, is the right-most forwarded address that is not itself trusted', () => {
    expect(behindProxy('10.1.1.1', '198.51.100.1')).toBe('198.51.100.1');
    expect(behindProxy('::ffff:10.1.1.1', 'spoofed, 198.51.100.1, 10.2.2.2')).toBe('198.51.100.1');
    expect(behindProxy('127.0.0.1', ['198.51.100.9', '10.2.2.2'])).toBe('198.51.100.9');
    expect(behindProxy('10.1.1.1', '10.2.2.2, 10.3.3.3')).toBe('10.2.2.2');
  });

  it('falls back to the peer on a malformed or empty header, and gives nothing for an unknown peer', () => {
    expect(behindProxy('10.1.1.1', '198.51.100.1, not-an-address')).toBe('10.1.1.1');
    expect(behindProxy('10.1.1.1', ' , ')).toBe('10.1.1.1');
    expect(behindProxy('10.1.1.1', undefined)).toBe('10.1.1.1');
    expect(direct(undefined, '198.51.100.1')).toBeUndefined();
  });

  it('refuses a trusted entry that is not an address or range', () => {
    expect(() => visitorAddressResolver(['proxy.local'])).toThrow(/proxy\.local/);
  });
});

describe('the /api proxy names the visitor in X-Forwarded-For', () => {
  let loms: Awaited<ReturnType<typeof startFakeUpstream>>;
  beforeAll(async () => {
    loms = await startFakeUpstream((_req, res) => json(res, 200, { count: 1 }));
  });
  afterAll(() => loms?.close());

  const seenFrom = async (
    storefrontEnv: Record<string, string>,
    localAddress: string,
    headers: Record<string, string> = {},
  ) => {
    const storefront = await startTestStorefront({ LOMS_URL: loms.url, ...storefrontEnv });
    try {
      const answer = await requestFrom(localAddress, storefront.url, '/api/loms/stock/info?sku=1', {
        headers,
      });
      expect(answer.status).toBe(200);
      return loms.seen.at(-1)!.headers['x-forwarded-for'];
    } finally {
      await storefront.stop();
    }
  };

  it("sends each visitor's own address", async () => {
    expect(await seenFrom({}, '127.0.0.2')).toBe('127.0.0.2');
    expect(await seenFrom({}, '127.0.0.3')).toBe('127.0.0.3');
  });

  it("replaces the visitor's own X-Forwarded-For when the storefront does not trust its peer", async () => {
    expect(await seenFrom({}, '127.0.0.2', { 'x-forwarded-for': '127.0.0.3, 198.51.100.1' })).toBe(
      '127.0.0.2',
    );
    expect(
      await seenFrom({ TRUSTED_PROXIES: '10.0.0.0/8' }, '127.0.0.2', { 'x-forwarded-for': '127.0.0.3' }),
    ).toBe('127.0.0.2');
  });

  it('sends the address a trusted proxy in front of the storefront named', async () => {
    const forwarded = { 'x-forwarded-for': 'spoofed, 198.51.100.1, 127.0.0.4' };
    expect(await seenFrom({ TRUSTED_PROXIES: '127.0.0.2,127.0.0.4' }, '127.0.0.2', forwarded)).toBe(
      '198.51.100.1',
    );
  });
});
