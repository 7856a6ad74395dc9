import {
  type CallResult,
  startTestTokenIssuer,
  type TestTokenClaims,
  type TestTokenIssuer,
} from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentsTransports } from '../support/comments-transports.ts';
import { startTestComments, type TestComments } from '../support/test-comments.ts';

let issuer: TestTokenIssuer;
let t: TestComments;
beforeAll(async () => {
  issuer = await startTestTokenIssuer();
  t = await startTestComments(issuer.env());
});
afterAll(async () => {
  await t?.stop();
  await issuer?.stop();
});

let lastId = 9_000;
const fresh = () => ++lastId;

const UNAUTHENTICATED = 16;
const PERMISSION_DENIED = 7;
const HTTP_STATUS: Record<number, number> = { 16: 401, 7: 403 };

function expectError(result: CallResult, code: number, message?: string | RegExp) {
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(code);
  if (result.httpStatus !== undefined) expect(result.httpStatus).toBe(HTTP_STATUS[code]);
  if (message) expect(result.message).toMatch(message);
}

describe.each(commentsTransports(() => t))('Comments with AUTH_MODE=jwt over $name', (api) => {
  const as = (claims: TestTokenClaims) => issuer.bearer(claims);

  it('refuses every call without a token, or with a malformed, expired or foreign one', async () => {
    const user = fresh();
    const impostor = await issuer.createKey(issuer.key.kid);
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{}, /missing access token/],
      [{ authorization: `Basic ${btoa('ann:secret')}` }, /must be "Bearer <token>"/],
      [{ authorization: 'Bearer not-a-token' }, /malformed/],
      [await as({ userId: user, expiresIn: -60 }), /expired/],
      [await as({ userId: user, key: impostor }), /signature is invalid/],
    ];
    for (const [headers, message] of bad) {
      expectError(
        await api.call('commentAdd', { user_id: user, sku: 1, comment: 'x' }, headers),
        UNAUTHENTICATED,
        message,
      );
      expectError(await api.call('commentListBySKU', { sku: 1 }, headers), UNAUTHENTICATED, message);
    }
  });

  it('accepts a token of a key published after the first fetch (the JWKS is fetched again)', async () => {
    const rotated = await issuer.createKey();
    const headers = await as({ userId: fresh(), key: rotated });
    expectError(await api.call('commentListBySKU', { sku: 1 }, headers), UNAUTHENTICATED, /unknown key/);
    issuer.publish(rotated);
    await new Promise((resolve) => setTimeout(resolve, 5)); // past JWKS_COOLDOWN
    expect(await api.call('commentListBySKU', { sku: 1 }, headers)).toMatchObject({ ok: true });
  });

  it("lets a user add, edit and list their own comments, and refuses another user's id with 403", async () => {
    const [ann, bob, sku] = [fresh(), fresh(), fresh()];
    const annHeaders = await as({ userId: ann });
    const added = await api.call('commentAdd', { user_id: ann, sku, comment: 'mine' }, annHeaders);
    if (!added.ok) throw new Error(added.message);
    const id = added.json.id as string;
    expect(
      await api.call('commentEdit', { user_id: ann, comment_id: id, new_comment: 'edited' }, annHeaders),
    ).toEqual({
      ok: true,
      json: {},
    });
    const own = await api.call('commentListByUser', { user_id: ann }, annHeaders);
    expect(own.ok && own.json.comments).toMatchObject([{ id, comment: 'edited' }]);

    const bobHeaders = await as({ userId: bob });
    const notBob = new RegExp(`user_id ${ann} is not the signed-in user`);
    expectError(
      await api.call('commentAdd', { user_id: ann, sku, comment: 'as ann' }, bobHeaders),
      PERMISSION_DENIED,
      notBob,
    );
    expectError(
      await api.call('commentEdit', { user_id: ann, comment_id: id, new_comment: 'hijacked' }, bobHeaders),
      PERMISSION_DENIED,
      notBob,
    );
    expectError(await api.call('commentListByUser', { user_id: ann }, bobHeaders), PERMISSION_DENIED, notBob);
    // Anyone signed in reads comments by id and by sku.
    expect(await api.call('commentGetByID', { id }, bobHeaders)).toMatchObject({
      ok: true,
      json: { comment: 'edited' },
    });
    const bySku = await api.call('commentListBySKU', { sku }, bobHeaders);
    expect(bySku.ok && bySku.json.comments).toMatchObject([{ id, comment: 'edited' }]);
  });
});

describe('Comments REST with AUTH_MODE=jwt', () => {
  it('answers 401 with a Bearer challenge', async () => {
    const answer = await t.post('/comment/list-by-sku', '{"sku":1}');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(answer.body).toEqual({
      code: UNAUTHENTICATED,
      message: 'missing access token: send authorization: Bearer <token>',
      details: [],
    });
  });

  it('keeps health and metrics open', async () => {
    expect((await t.http('/healthz')).status).toBe(200);
    expect((await t.http('/metrics')).status).toBe(200);
  });
});
