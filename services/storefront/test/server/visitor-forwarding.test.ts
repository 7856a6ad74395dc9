import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startFakeUpstream } from '../support/fake-upstream.ts';
import { requestFrom } from '../support/request-from.ts';
import { startTestStorefront } from '../support/test-storefront.ts';

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
