import { type MarketplaceStack, startMarketplaceServices } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFrom } from '../support/request-from.ts';
import { startTestStorefront } from '../support/test-storefront.ts';

type Storefront = Awaited<ReturnType<typeof startTestStorefront>>;
let stack: MarketplaceStack;
let storefront: Storefront;

beforeAll(async () => {
  // 1 request/s per client (burst 2), naming the client from X-Forwarded-For when the peer is the
  // storefront (on 127.0.0.1), as the native stack and Compose configure the services.
  stack = await startMarketplaceServices({
    services: ['comments'],
    env: { comments: { RATE_LIMIT_PER_IP: '1', TRUSTED_PROXIES: '127.0.0.1' } },
  });
  storefront = await startTestStorefront({ COMMENTS_URL: stack.httpUrl('comments') });
});

afterAll(async () => {
  await storefront?.stop();
  await stack?.stop();
});

const listComments = (visitor: string, headers: Record<string, string> = {}) =>
  requestFrom(visitor, storefront.url, '/api/comments/comment/list-by-sku', {
    method: 'POST',
    body: '{"sku":1}',
    headers,
  });

describe("the services' per-client rate limit behind the storefront", () => {
  it('gives each visitor a bucket of its own: one busy visitor does not get another refused', async () => {
    const statuses: number[] = [];
    while (!statuses.includes(429) && statuses.length < 10)
      statuses.push((await listComments('127.0.0.2')).status);
    // The first visitor spends its burst and is refused by comments itself (passed through)...
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses.at(-1)).toBe(429);
    // ...while the second, right after, is still served...
    const other = await listComments('127.0.0.3');
    expect(other.status, other.body).toBe(200);
    expect(JSON.parse(other.body)).toMatchObject({ comments: [] });
    // ...and the first cannot borrow another bucket by naming an address of its own: a fresh bucket
    // would serve a burst of two, its own (refilling one a second) at most one before refusing.
    const forged: number[] = [];
    while (!forged.includes(429) && forged.length < 10)
      forged.push((await listComments('127.0.0.2', { 'x-forwarded-for': '127.0.0.9' })).status);
    expect(forged.filter((status) => status === 200).length).toBeLessThan(2);
    expect(forged.at(-1)).toBe(429);
  });
});
