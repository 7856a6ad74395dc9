import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey, thumbprint } from '../../src/infra/signing-keys.ts';
import { Codes, expectError, okJson } from '../support/expect-error.ts';
import { ADMIN, startTestUsers, type TestUsers } from '../support/test-users.ts';
import { foreignKey, signToken } from '../support/tokens.ts';
import { bearer, usersTransports } from '../support/users-transports.ts';

let t: TestUsers;
let me: { id: string; email: string; password: string };

beforeAll(async () => {
  t = await startTestUsers();
  me = { email: 'tokens@example.com', password: 'tokens-password', id: '' };
  const created = await t.http('/api/v1/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...me, name: 'Tokens' }),
  });
  me.id = created.body.id;
});
afterAll(() => t?.stop());

describe.each(usersTransports(() => t))('access tokens over $name', (api) => {
  const getMe = (headers?: Record<string, string>) => api.call('getUser', { id: me.id }, headers);

  it('opens the account with a token the service signed', async () => {
    const token = await t.token(me.email, me.password);
    expect(okJson(await getMe(bearer(token))).user).toMatchObject({ id: me.id });
  });

  it.each([
    ['missing', undefined, /^missing access token/],
    ['not a bearer token', { authorization: 'Basic dXNlcjpwYXNz' }, 'authorization must be "Bearer <token>"'],
    ['malformed', bearer('not.a.jwt'), 'access token is malformed'],
    // grpc-js trims the value and may send none at all: either answer names the form.
    ['empty', { authorization: 'Bearer ' }, /Bearer <token>/],
  ])('refuses a %s token with Unauthenticated', async (_case, headers, message) => {
    expectError(await getMe(headers), Codes.UNAUTHENTICATED, message);
  });

  it('refuses an expired token', async () => {
    const token = await signToken(t.signingKey, { sub: me.id, expiresIn: -60 });
    expectError(await getMe(bearer(token)), Codes.UNAUTHENTICATED, 'access token has expired');
  });

  it('refuses a token signed by another key under the service key’s id', async () => {
    const token = await signToken(foreignKey(), { sub: me.id, kid: thumbprint(t.signingKey) });
    expectError(await getMe(bearer(token)), Codes.UNAUTHENTICATED, 'access token signature is invalid');
  });

  it('refuses a token whose key id is unknown, or missing', async () => {
    const unknown = await signToken(foreignKey(), { sub: me.id });
    expectError(
      await getMe(bearer(unknown)),
      Codes.UNAUTHENTICATED,
      'access token is signed by an unknown key',
    );
    const none = await signToken(t.signingKey, { sub: me.id, kid: null });
    expectError(await getMe(bearer(none)), Codes.UNAUTHENTICATED, 'access token has no key id (kid)');
  });

  it('refuses another issuer, a token signed with HS256, and a subject that is no user id', async () => {
    const issuer = await signToken(t.signingKey, { sub: me.id, iss: 'someone-else' });
    expectError(await getMe(bearer(issuer)), Codes.UNAUTHENTICATED, 'access token claim iss is invalid');
    const hs256 = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', kid: thumbprint(t.signingKey) })
      .setSubject(me.id)
      .setIssuer('marketplace-users')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a shared secret of at least 32 bytes!'));
    expectError(await getMe(bearer(hs256)), Codes.UNAUTHENTICATED, 'access token must be signed with ES256');
    const subject = await signToken(t.signingKey, { sub: 'me' });
    expectError(
      await getMe(bearer(subject)),
      Codes.UNAUTHENTICATED,
      'access token has no valid subject (sub)',
    );
  });

  it("acts with the role the caller's account has, whatever a validly signed token claims", async () => {
    const claimsAdmin = await signToken(t.signingKey, { sub: me.id, role: 'admin' });
    expectError(await api.call('listUsers', {}, bearer(claimsAdmin)), Codes.PERMISSION_DENIED);
    const admin = await t.token(ADMIN.email, ADMIN.password);
    expect(okJson(await api.call('listUsers', {}, bearer(admin))).total).not.toBe('0');
    const unknownRole = await signToken(t.signingKey, { sub: me.id, role: 'root' });
    expectError(await getMe(bearer(unknownRole)), Codes.UNAUTHENTICATED, 'access token has no valid role');
  });
});

describe('key rotation', () => {
  const oldKey = generateSigningKey();
  const newKey = generateSigningKey();
  let before: TestUsers;
  let rotated: TestUsers;
  let retired: TestUsers;
  let oldToken: string;

  beforeAll(async () => {
    before = await startTestUsers({ signingKey: oldKey });
    oldToken = await before.token(ADMIN.email, ADMIN.password);
    const { d: _, ...oldPublic } = oldKey;
    rotated = await startTestUsers({
      signingKey: newKey,
      databaseUrl: before.databaseUrl,
      env: { JWT_PREVIOUS_KEYS: JSON.stringify({ keys: [oldPublic] }) },
    });
    retired = await startTestUsers({ signingKey: newKey, databaseUrl: before.databaseUrl });
  });
  afterAll(async () => {
    await retired?.stop();
    await rotated?.stop();
    await before?.stop();
  });

  const rotatedTransports = usersTransports(() => rotated);
  const retiredTransports = usersTransports(() => retired);

  describe.each(
    rotatedTransports.map((api, i) => ({ name: api.name, api, retiredApi: retiredTransports[i]! })),
  )('over $name', ({ api, retiredApi }) => {
    it('accepts a token of the previous key while that key is listed, and not after', async () => {
      expect(okJson(await api.call('listUsers', {}, bearer(oldToken))).total).not.toBe('0');
      expectError(
        await retiredApi.call('listUsers', {}, bearer(oldToken)),
        Codes.UNAUTHENTICATED,
        'access token is signed by an unknown key',
      );
    });

    it('publishes the new key first, then the previous one', async () => {
      const kids = (okJson(await api.call('getJwks', {})).keys as Array<{ kid: string }>).map((k) => k.kid);
      expect(kids).toEqual([thumbprint(newKey), thumbprint(oldKey)]);
    });
  });

  it('signs new tokens with the newest key', async () => {
    const token = await rotated.token(ADMIN.email, ADMIN.password);
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(header).toEqual({ alg: 'ES256', kid: thumbprint(newKey), typ: 'JWT' });
  });

  it('reads previous keys from files too (PEM; a private key gives only its public half)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'users-keys-'));
    const file = join(dir, 'old.pem');
    writeFileSync(
      file,
      createPrivateKey({ key: oldKey, format: 'jwk' }).export({ format: 'pem', type: 'pkcs8' }),
    );
    const fromFile = await startTestUsers({
      signingKey: newKey,
      databaseUrl: before.databaseUrl,
      env: { JWT_PREVIOUS_KEY_FILES: file },
    });
    try {
      const answer = await fromFile.http('/api/v1/users', { headers: bearer(oldToken) });
      expect(answer.status).toBe(200);
      const jwks = await fromFile.http('/.well-known/jwks.json');
      expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toEqual([
        thumbprint(newKey),
        thumbprint(oldKey),
      ]);
      expect(jwks.text).not.toContain('"d"');
    } finally {
      await fromFile.stop();
    }
  });
});
