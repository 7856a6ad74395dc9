import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestComments, type TestComments } from '../support/test-comments.ts';

let t: TestComments;
beforeAll(async () => {
  t = await startTestComments();
  t.clock.set('2026-11-21T10:00:00.500Z');
});
afterAll(() => t?.stop());

describe('REST JSON of Comments', () => {
  it('answers the contract JSON exactly: int64 as strings, lowerCamelCase, RFC 3339 times', async () => {
    const added = await t.post('/comment/add', '{"user_id":1,"sku":2,"comment":"text"}');
    expect(added.status).toBe(200);
    expect(added.text).toMatch(/^\{"id":"\d+"\}$/);
    const id = added.body.id;
    expect((await t.post('/comment/get-by-id', `{"id":${id}}`)).text).toBe(
      `{"id":"${id}","userId":"1","sku":"2","comment":"text","createdAt":"2026-11-21T10:00:00.500Z"}`,
    );
    expect((await t.post('/comment/list-by-sku', '{"sku":2}')).text).toBe(
      `{"comments":[{"id":"${id}","userId":"1","comment":"text","createdAt":"2026-11-21T10:00:00.500Z"}],"nextPageToken":""}`,
    );
    expect((await t.post('/comment/list-by-user', '{"user_id":1}')).text).toBe(
      `{"comments":[{"id":"${id}","sku":"2","comment":"text","createdAt":"2026-11-21T10:00:00.500Z"}],"nextPageToken":""}`,
    );
    expect((await t.post('/comment/edit', `{"user_id":1,"comment_id":${id},"new_comment":"new"}`)).text).toBe(
      '{}',
    );
    expect((await t.post('/comment/list-by-user', '{"user_id":404}')).text).toBe(
      '{"comments":[],"nextPageToken":""}',
    );
  });

  it('accepts lowerCamelCase names and int64 as strings', async () => {
    const added = await t.post('/comment/add', '{"userId":"3","sku":"4","comment":"camel"}');
    expect(added.status).toBe(200);
    const edited = await t.post(
      '/comment/edit',
      `{"userId":"3","commentId":"${added.body.id}","newComment":"c"}`,
    );
    expect(edited.status).toBe(200);
    const listed = await t.post('/comment/list-by-sku', '{"sku":"4","pageSize":1,"pageToken":""}');
    expect(listed.body.comments).toEqual([expect.objectContaining({ id: added.body.id, comment: 'c' })]);
  });

  it('answers errors with the gRPC code number, message and empty details', async () => {
    const res = await t.post('/comment/get-by-id', '{"id":0}');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 3,
      message: 'invalid CommentGetByIDRequest.id: value must be greater than 0',
      details: [],
    });
  });
});

describe('bad input is answered 4xx, never 500', () => {
  it.each([
    ['malformed JSON', '{"user_id": 1, "sku": '],
    ['a body that is not an object', '[1,2,3]'],
    ['a word where an int64 is expected', '{"user_id":"one","sku":2,"comment":"x"}'],
    ['a number too large for int64', '{"user_id":99999999999999999999,"sku":2,"comment":"x"}'],
    ['a fractional id', '{"user_id":1.5,"sku":2,"comment":"x"}'],
    ['a number where text is expected', '{"user_id":1,"sku":2,"comment":5}'],
  ])('refuses %s with 400 and code 3', async (_, body) => {
    const res = await t.post('/comment/add', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(3);
    expect(res.body.message).toEqual(expect.any(String));
  });

  it('refuses a page size beyond int32 with 400', async () => {
    const res = await t.post('/comment/list-by-sku', '{"sku":1,"page_size":99999999999}');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(3);
  });

  it('answers unknown routes with 404 and a known route with the wrong method with 405', async () => {
    const unknown = await t.post('/comment/delete', '{"id":1}');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 5, details: [] });
    expect((await t.http('/comment/get-by-id')).status).toBe(405);
  });
});

describe('operations endpoints', () => {
  it('serves health, readiness and metrics with RPC counters and a pool series per shard', async () => {
    await t.post('/comment/list-by-user', '{"user_id":1}');
    expect((await t.http('/healthz')).status).toBe(200);
    expect((await t.http('/readyz')).status).toBe(200);
    const metrics = await t.http('/metrics');
    expect(metrics.text).toMatch(/rpc_server_requests_total\{[^}]*method="CommentListByUser"[^}]*code="OK"/);
    const shards = metrics.text.match(/db_pool_connections_in_use\{database="comments_test_\w+"/g);
    expect(shards).toHaveLength(2);
  });

  it('serves Swagger UI at /docs and an OpenAPI document with the five POST routes', async () => {
    expect((await t.http('/docs')).text).toContain('swagger-ui');
    const openapi = await t.http('/openapi.json');
    expect(Object.keys(openapi.body.paths).sort()).toEqual([
      '/comment/add',
      '/comment/edit',
      '/comment/get-by-id',
      '/comment/list-by-sku',
      '/comment/list-by-user',
    ]);
    for (const path of Object.values(openapi.body.paths))
      expect(Object.keys(path as object)).toEqual(['post']);
  });
});
