import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { Health, HealthCheckResponse_ServingStatus } from '@marketplace/proto/grpc/health/v1/health_pb';
import { reflect } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProducts, type TestProducts } from '../support/test-products.ts';

const RESOURCE_EXHAUSTED = 8;
const UNAUTHENTICATED = 16;

describe('API keys', () => {
  let t: TestProducts;
  beforeAll(async () => {
    t = await startTestProducts({ API_KEYS: 'key-a, key-b' });
    await t.addProducts({ sku: 1n, name: 'n', price: 1 });
  });
  afterAll(() => t?.stop());

  const rest = (key: string | undefined, path = '/product/1', init: RequestInit = {}) =>
    t.http(path, { ...init, headers: key === undefined ? { 'x-api-key': '' } : { 'x-api-key': key } });

  it('answers REST calls without a key or with a wrong one 401, and serves every configured key', async () => {
    expect(await rest(undefined).then((r) => [r.status, r.body])).toEqual([
      401,
      { code: UNAUTHENTICATED, message: 'missing X-API-KEY header', details: [] },
    ]);
    expect(await rest('key-c').then((r) => [r.status, r.body])).toEqual([
      401,
      { code: UNAUTHENTICATED, message: 'invalid X-API-KEY', details: [] },
    ]);
    expect((await rest('key-a')).status).toBe(200);
    expect((await rest('key-b')).status).toBe(200);
  });

  it('guards writes too: a refused batch is not stored', async () => {
    const res = await rest('wrong', '/product/events', {
      method: 'POST',
      body: '{"events":[{"sku":1,"price":2}]}',
    });
    expect(res.status).toBe(401);
    const batches = await t.db.selectFrom('ingest_batches').select('id').execute();
    expect(batches).toEqual([]);
  });

  it('answers gRPC calls without a key or with a wrong one Unauthenticated', async () => {
    await expect(t.grpc.call('getProduct', { sku: 1n })).rejects.toMatchObject({ code: UNAUTHENTICATED });
    await expect(t.grpc.call('getProduct', { sku: 1n }, { 'x-api-key': 'key-c' })).rejects.toMatchObject({
      code: UNAUTHENTICATED,
      details: 'invalid X-API-KEY',
    });
    const answer = await t.grpc.call('getProduct', { sku: 1n }, { 'x-api-key': 'key-b' });
    expect(answer.product?.name).toBe('n');
  });

  it('answers Connect JSON calls without a key 401 unauthenticated (the Connect error format)', async () => {
    const res = await rest(undefined, '/marketplace.products.v1.ProductService/GetProduct', {
      method: 'POST',
      body: '{"sku":"1"}',
    });
    expect([res.status, res.body.code]).toEqual([401, 'unauthenticated']);
  });

  it('leaves health checks and server reflection open', async () => {
    const health = createClient(Health, createGrpcTransport({ baseUrl: `http://${t.grpcAddress}` }));
    const answer = await health.check({ service: 'marketplace.products.v1.ProductService' });
    expect(answer.status).toBe(HealthCheckResponse_ServingStatus.SERVING);
    const { services } = await reflect(t.grpcAddress, []);
    expect(services).toContain('marketplace.products.v1.ProductService');
  });
});

describe('rate limit per API key (one bucket per client)', () => {
  let t: TestProducts;
  beforeAll(async () => {
    t = await startTestProducts({
      API_KEYS: 'cart:key-a,storefront:key-b',
      RATE_LIMIT_RPS: '1',
      RATE_LIMIT_BURST: '3',
    });
    await t.addProducts({ sku: 1n, name: 'n', price: 1 });
  });
  afterAll(() => t?.stop());

  const get = (key: string) => t.http('/product/1', { headers: { 'x-api-key': key } });

  it('answers calls beyond the burst 429 with Retry-After, serves other keys, and recovers after the wait', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => get('key-a')));
    const limited = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(3);
    expect(limited.length).toBeGreaterThanOrEqual(2);
    for (const answer of limited) {
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(answer.body).toMatchObject({
        code: RESOURCE_EXHAUSTED,
        message: expect.stringContaining('rate limit'),
      });
    }
    expect((await get('key-b')).status).toBe(200);

    const wait = Number(limited[0]!.headers.get('retry-after'));
    await new Promise((r) => setTimeout(r, wait * 1000));
    expect((await get('key-a')).status).toBe(200);
  });

  it('answers gRPC calls beyond the rate ResourceExhausted with a retry-after trailer', async () => {
    const calls = Array.from({ length: 6 }, () =>
      t.grpc.call('getProduct', { sku: 1n }, { 'x-api-key': 'key-b' }).then(
        () => undefined,
        (err: { code: number; metadata: { get(k: string): unknown[] } }) => err,
      ),
    );
    const refused = (await Promise.all(calls)).filter((e) => e !== undefined);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    for (const err of refused) {
      expect(err.code).toBe(RESOURCE_EXHAUSTED);
      expect(Number(err.metadata.get('retry-after')[0])).toBeGreaterThanOrEqual(1);
    }
  });
});
