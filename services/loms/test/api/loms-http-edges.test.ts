import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLoms, type TestLoms } from '../support/test-loms.ts';

let t: TestLoms;
beforeAll(async () => {
  t = await startTestLoms();
  await t.http('/stock/set', { method: 'POST', body: '{"sku":"1076963","totalCount":300}' });
});
afterAll(() => t?.stop());

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  t.http(path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

describe('REST JSON of LOMS', () => {
  it('answers the contract JSON exactly: int64 as strings, zero values emitted', async () => {
    const created = await post('/order/create', '{"userId":"1","items":[{"sku":"1076963","count":2}]}');
    expect(created.status).toBe(200);
    expect(created.text).toMatch(/^\{"orderId":"\d+"\}$/);
    const info = await t.http(`/order/info?orderId=${created.body.orderId}`);
    expect(info.text).toBe(
      '{"status":"awaiting payment","userId":"1","items":[{"sku":"1076963","count":2}]}',
    );
    await post('/stock/set', '{"sku":"42","totalCount":0}');
    expect((await t.http('/stock/info?sku=42')).text).toBe('{"count":0}');
    expect(info.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('accepts snake_case names and int64 as numbers, in bodies and query strings', async () => {
    const created = await post('/order/create', '{"user_id":1,"items":[{"sku":1076963,"count":1}]}');
    expect(created.status).toBe(200);
    const info = await t.http(`/order/info?order_id=${created.body.orderId}`);
    expect(info.body.status).toBe('awaiting payment');
  });

  it('passes the Idempotency-Key header through to OrderCreate', async () => {
    const body = '{"userId":"3","items":[{"sku":"1076963","count":1}]}';
    const first = await post('/order/create', body, { 'Idempotency-Key': 'edge-1' });
    const second = await post('/order/create', body, { 'Idempotency-Key': 'edge-1' });
    expect(second.body).toEqual(first.body);
  });

  it('answers errors with the gRPC code number, message and empty details', async () => {
    const res = await post('/order/create', '{"userId":"0","items":[{"sku":"1","count":1}]}');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 3,
      message: 'invalid OrderCreateRequest.user_id: value must be greater than 0',
      details: [],
    });
  });
});

describe('bad input is answered 4xx, never 500', () => {
  it.each([
    ['malformed JSON', '{"userId": 1, "items": ['],
    ['a body that is not an object', '[1,2,3]'],
    ['a string where a list is expected', '{"userId":"1","items":"many"}'],
    ['a word where an int64 is expected', '{"userId":"one","items":[]}'],
    ['a number too large for int64', '{"userId":"99999999999999999999999","items":[]}'],
    ['a count too large for uint32', '{"userId":"1","items":[{"sku":"1","count":99999999999}]}'],
    ['a negative count', '{"userId":"1","items":[{"sku":"1","count":-1}]}'],
    ['an exponent overflow', '{"userId":1e400,"items":[]}'],
    ['a fractional id', '{"userId":1.5,"items":[]}'],
  ])('rejects %s with 400 and code 3', async (_, body) => {
    const res = await post('/order/create', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(3);
    expect(res.body.message).toEqual(expect.any(String));
  });

  it('rejects a bad query parameter naming it', async () => {
    const res = await t.http('/order/info?orderId=abc');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/order_?[iI]d/);
  });

  it('answers unknown routes with 404 and code 5', async () => {
    const res = await t.http('/no/such/route');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 5, details: [] });
  });

  it('answers a known route with the wrong method with 405', async () => {
    const res = await t.http('/order/create');
    expect(res.status).toBe(405);
  });

  it('answers an oversized body with 413', async () => {
    const items = Array.from({ length: 60_000 }, (_, i) => ({ sku: String(i + 1), count: 1 }));
    const res = await post('/order/create', JSON.stringify({ userId: '1', items }));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe(8);
  });

  it('rejects more items than an order may hold', async () => {
    const items = Array.from({ length: 1_001 }, (_, i) => ({ sku: String(i + 1), count: 1 }));
    const res = await post('/order/create', JSON.stringify({ userId: '1', items }));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'invalid OrderCreateRequest.items: value must contain no more than 1000 item(s)',
    );
  });
});

describe('operations endpoints', () => {
  it('serves health, readiness and Prometheus metrics with RPC counters by method and code', async () => {
    expect((await t.http('/healthz')).status).toBe(200);
    expect((await t.http('/readyz')).status).toBe(200);
    const metrics = await t.http('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(
      /rpc_server_requests_total\{[^}]*method="OrderCreate"[^}]*code="OK"[^}]*\} \d+/,
    );
    expect(metrics.text).toMatch(
      /rpc_server_requests_total\{[^}]*method="OrderCreate"[^}]*code="InvalidArgument"/,
    );
    expect(metrics.text).toContain('rpc_server_duration_seconds_bucket');
    expect(metrics.text).toContain('rpc_server_in_flight');
    expect(metrics.text).toMatch(/db_pool_connections_in_use\{[^}]*database="loms"/);
    expect(metrics.text).toContain('db_pool_waiting_clients');
  });

  it('serves Swagger UI at /docs and an OpenAPI document listing every LOMS route', async () => {
    const docs = await t.http('/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger-ui');
    const openapi = await t.http('/openapi.json');
    expect(openapi.body.openapi).toMatch(/^3\.1/);
    expect(Object.keys(openapi.body.paths).sort()).toEqual([
      '/order/cancel',
      '/order/create',
      '/order/info',
      '/order/list',
      '/order/pay',
      '/stock/info',
      '/stock/set',
    ]);
    expect(Object.keys(openapi.body.paths['/order/info'])).toEqual(['get']);
  });
});

describe('business counters', () => {
  it('counts committed status changes by status and failed reservations', async () => {
    await t.http('/stock/set', { method: 'POST', body: '{"sku":"77","totalCount":1}' });
    const counts = async () => {
      const text = (await t.http('/metrics')).text;
      const read = (pattern: string) => Number(new RegExp(`${pattern}[^}]*\\} (\\d+)`).exec(text)?.[1]);
      return {
        statuses: ['new', 'awaiting payment', 'failed', 'paid', 'cancelled'].map((status) =>
          read(`loms_order_status_changes_total\\{status="${status}"`),
        ),
        failedReservations: read('loms_reservations_failed_total\\{'),
      };
    };
    const before = await counts();
    const create = (count: number) =>
      t.http('/order/create', {
        method: 'POST',
        body: JSON.stringify({ userId: '1', items: [{ sku: '77', count }] }),
      });
    const ok = await create(1);
    await create(5);
    await t.http('/order/pay', { method: 'POST', body: JSON.stringify({ orderId: ok.body.orderId }) });
    await t.http('/order/pay', { method: 'POST', body: JSON.stringify({ orderId: ok.body.orderId }) });
    const after = await counts();
    expect(after.statuses.map((n, i) => n - before.statuses[i]!)).toEqual([2, 1, 1, 1, 0]);
    expect(after.failedReservations - before.failedReservations).toBe(1);
  });
});
