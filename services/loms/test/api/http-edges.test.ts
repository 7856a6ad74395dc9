import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLoms, type TestLoms } from '../support/test-loms.ts';

/** LOMS with a per-client limit of 20 requests/s; each suite gets its own, so its bucket starts full. */
function useLimitedLoms() {
  let t: TestLoms | undefined;
  beforeAll(async () => {
    t = await startTestLoms({ RATE_LIMIT_PER_IP: '20', CORS_ORIGINS: 'http://shop.test' });
  });
  afterAll(() => t?.stop());
  return () => t!;
}

describe('the edge of the HTTP port', () => {
  const loms = useLimitedLoms();

  it('echoes a given X-Request-Id and adds one when missing', async () => {
    const given = await loms().http('/stock/info?sku=1', { headers: { 'x-request-id': 'req-42' } });
    expect(given.headers.get('x-request-id')).toBe('req-42');
    const added = await loms().http('/healthz');
    expect(added.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers CORS preflights for an allowed origin only', async () => {
    const preflight = (origin: string) =>
      loms().http('/order/create', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const allowed = await preflight('http://shop.test');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://shop.test');
    const other = await preflight('http://evil.test');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("refuses a write a web page of another origin sends without a preflight (text/plain), and lets clients that aren't browsers and allowed origins through", async () => {
    const setStock = (totalCount: number, headers: Record<string, string>) =>
      loms().http('/stock/set', {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
        body: JSON.stringify({ sku: '1076963', totalCount }),
      });
    const stock = async () => (await loms().http('/stock/info?sku=1076963')).body;
    expect((await setStock(4, {})).status).toBe(200);
    const refused = await setStock(999, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 7,
      message: expect.stringContaining('https://evil.example is not allowed'),
    });
    expect((await setStock(999, { origin: 'null' })).status).toBe(403);
    expect(await stock()).toEqual({ count: 4 });
    expect((await setStock(5, { origin: 'http://shop.test' })).status).toBe(200);
    expect((await setStock(6, { origin: loms().httpBase })).status).toBe(200);
    const read = await loms().http('/stock/info?sku=1076963', {
      headers: { origin: 'https://evil.example' },
    });
    expect([read.status, read.body]).toEqual([200, { count: 6 }]);
  });
});

describe('the per-client limit of the HTTP port', () => {
  const loms = useLimitedLoms();

  it('limits one client to its rate with 429 and Retry-After, after a burst of twice the rate', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 60 }, () =>
        loms()
          .http('/healthz')
          .then((r) => r),
      ),
    );
    const limited = statuses.filter((r) => r.status === 429);
    // The burst (40 tokens) passes; the rest is refused.
    expect(statuses.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(40);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.body).toMatchObject({ code: 8 });
  });
});
